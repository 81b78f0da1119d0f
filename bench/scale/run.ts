/**
 * bench/scale: end-to-end jobs/s (upload → kind:text analysis → terminal state) on
 *   - the embedded default (`docket start`: SQLite + job table + files, one process),
 *   - PostgreSQL + pg-boss + S3 with `docket api` and 1 `docket worker`,
 *   - the same with 2 `docket worker` processes,
 *   - PostgreSQL with Docket's job table (DOCKET_PG_QUEUE=table) and 1 worker, for the queue choice,
 * all in the same run, on one embedded PostgreSQL (fsync on) and one local S3 server (s3rver).
 * Completion is counted in the database (no webhook engine yet). Prints jobs/s and ratios.
 *
 *   node bench/scale/run.ts                       (from the repo root)
 *   BENCH_JOBS=600 BENCH_CONCURRENCY=32 node bench/scale/run.ts
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { startTestPostgres } from '../../server/test/support/postgres.ts';
import { startTestS3 } from '../../server/test/support/s3.ts';
import { pdfOfSize } from '../support/pdf.ts';
import { type DocketInstance, SERVER_DIR, startDocket } from '../support/processes.ts';

const jobs = Number(process.env.BENCH_JOBS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const workerConcurrency = process.env.BENCH_WORKER_CONCURRENCY ?? '8';

interface Result {
  name: string;
  jobsPerSecond: number;
  uploadsPerSecond: number;
  seconds: number;
}

type Counter = () => Promise<number>;

async function drive(
  name: string,
  url: string,
  apiKey: string,
  body: string,
  completed: Counter,
): Promise<Result> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstFailure = '';
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) {
        next++;
        const r = await fetch(`${url}/v1/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-auth': apiKey },
          body,
        });
        const text = await r.text();
        if (r.status !== 202) {
          failed++;
          firstFailure ||= `${r.status} ${text.slice(0, 300)}`;
        }
      }
    }),
  );
  if (failed) throw new Error(`${name}: ${failed} uploads were not accepted, e.g. ${firstFailure}`);
  const uploaded = performance.now();
  const deadline = Date.now() + 600_000;
  while ((await completed()) < jobs) {
    if (Date.now() > deadline) throw new Error(`${name}: not all jobs finished within 10 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    jobsPerSecond: jobs / seconds,
    uploadsPerSecond: jobs / ((uploaded - started) / 1000),
    seconds,
  };
}

function sqliteCounter(dataDir: string): Counter {
  const require = createRequire(path.join(SERVER_DIR, 'package.json'));
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dataDir, 'docket.db'), { readonly: true });
  return async () =>
    (
      db.prepare("select count(*) as n from records where status in ('completed','failed')").get() as {
        n: number;
      }
    ).n;
}

async function pgCounter(url: string): Promise<{ count: Counter; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    count: async () =>
      (await client.query("select count(*)::int as n from records where status in ('completed','failed')"))
        .rows[0].n,
    close: () => client.end(),
  };
}

async function main() {
  const pdf = await pdfOfSize(2 * 1024);
  const body = JSON.stringify({ kind: 'text', body: pdf.toString('base64') });
  console.log(
    `bench/scale: ${jobs} one-page text PDFs per setup, ${concurrency} concurrent uploads, worker concurrency ${workerConcurrency}`,
  );
  const [postgres, s3] = await Promise.all([startTestPostgres({ durable: true }), startTestS3()]);
  const results: Result[] = [];
  const common = { DOCKET_WORKER_CONCURRENCY: workerConcurrency, DOCKET_ANALYSER_THREADS: '1' };
  try {
    {
      const docket = await startDocket('start', { ...common, DOCKET_ANALYSER_THREADS: '2' });
      try {
        results.push(
          await drive('embedded (1 process)', docket.url, docket.apiKey, body, sqliteCounter(docket.dataDir)),
        );
      } finally {
        await docket.stop();
      }
    }
    const scaleOut = async (name: string, workers: number, queue: 'pg-boss' | 'table') => {
      const url = await postgres.createDatabase('bench');
      const env = {
        ...common,
        DOCKET_DATABASE_URL: url,
        DOCKET_PG_QUEUE: queue,
        ...s3.env(`bench-${results.length}`),
      };
      const apiProcess = await startDocket('api', env);
      const running: DocketInstance[] = [apiProcess];
      const counter = await pgCounter(url);
      try {
        for (let i = 0; i < workers; i++) running.push(await startDocket('worker', env, apiProcess.dataDir));
        results.push(await drive(name, apiProcess.url, apiProcess.apiKey, body, counter.count));
      } finally {
        await counter.close();
        for (const p of running.reverse()) await p.stop();
      }
    };
    await scaleOut('postgres+pg-boss+s3, api + 1 worker', 1, 'pg-boss');
    await scaleOut('postgres+pg-boss+s3, api + 2 workers', 2, 'pg-boss');
    await scaleOut('postgres+job table+s3, api + 1 worker', 1, 'table');
  } finally {
    await s3.stop();
    await postgres.stop();
  }

  const base = results[0]!;
  const pg1 = results[1]!;
  console.log('');
  console.log('| setup | jobs/s end to end | uploads/s | seconds | vs embedded | vs pg-boss 1 worker |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.jobsPerSecond.toFixed(1)} | ${r.uploadsPerSecond.toFixed(1)} | ${r.seconds.toFixed(1)} | ${(r.jobsPerSecond / base.jobsPerSecond).toFixed(2)}× | ${(r.jobsPerSecond / pg1.jobsPerSecond).toFixed(2)}× |`,
    );
  }
}

await main();
