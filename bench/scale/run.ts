/**
 * bench/scale: end-to-end jobs/s (upload → kind:text analysis → webhook received) on
 *   - the embedded default (`docket start`: SQLite + job table + files, one process),
 *   - PostgreSQL + pg-boss + S3 with `docket api` and 1 `docket worker`,
 *   - the same with 2 `docket worker` processes,
 *   - PostgreSQL with Docket's job table (DOCKET_PG_QUEUE=table) and 1 worker, for the queue choice,
 * all in the same run, on one embedded PostgreSQL (fsync on) and one local S3 server (s3rver).
 * A job counts when its signed webhook has reached a local receiver. Prints jobs/s and ratios.
 *
 *   node bench/scale/run.ts                       (from the repo root)
 *   BENCH_JOBS=600 BENCH_CONCURRENCY=32 node bench/scale/run.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestPostgres } from '../../server/test/support/postgres.ts';
import { startTestS3 } from '../../server/test/support/s3.ts';
import { pdfOfSize } from '../support/pdf.ts';
import { type DocketInstance, startDocket } from '../support/processes.ts';

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

/** Counts distinct records whose webhook arrived, for one setup at a time. */
async function startWebhookCounter() {
  const received = new Set<string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.add((JSON.parse(body) as { data: { id: string } }).data.id);
      res.end('OK');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: async () => received.size,
    reset: () => received.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function subscribe(docket: DocketInstance, url: string): Promise<void> {
  const r = await fetch(`${docket.url}/v1/endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth': docket.apiKey },
    body: JSON.stringify({ url }),
  });
  if (r.status !== 201) throw new Error(`could not create the endpoint: ${r.status} ${await r.text()}`);
}

async function main() {
  const pdf = await pdfOfSize(2 * 1024);
  const body = JSON.stringify({ kind: 'text', body: pdf.toString('base64') });
  console.log(
    `bench/scale: ${jobs} one-page text PDFs per setup, ${concurrency} concurrent uploads, worker concurrency ${workerConcurrency}`,
  );
  const [postgres, s3] = await Promise.all([startTestPostgres({ durable: true }), startTestS3()]);
  const webhooks = await startWebhookCounter();
  const results: Result[] = [];
  const common = {
    DOCKET_WORKER_CONCURRENCY: workerConcurrency,
    DOCKET_ANALYSER_THREADS: '1',
    DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32',
  };
  try {
    {
      const docket = await startDocket('start', { ...common, DOCKET_ANALYSER_THREADS: '2' });
      try {
        await subscribe(docket, webhooks.url);
        webhooks.reset();
        results.push(await drive('embedded (1 process)', docket.url, docket.apiKey, body, webhooks.count));
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
      try {
        await subscribe(apiProcess, webhooks.url);
        webhooks.reset();
        for (let i = 0; i < workers; i++) running.push(await startDocket('worker', env, apiProcess.dataDir));
        results.push(await drive(name, apiProcess.url, apiProcess.apiKey, body, webhooks.count));
      } finally {
        for (const p of running.reverse()) await p.stop();
      }
    };
    await scaleOut('postgres+pg-boss+s3, api + 1 worker', 1, 'pg-boss');
    await scaleOut('postgres+pg-boss+s3, api + 2 workers', 2, 'pg-boss');
    await scaleOut('postgres+job table+s3, api + 1 worker', 1, 'table');
  } finally {
    await webhooks.close();
    await s3.stop();
    await postgres.stop();
  }

  const base = results[0]!;
  const pg1 = results[1]!;
  console.log('');
  console.log('| setup | webhooks/s end to end | uploads/s | seconds | vs embedded | vs pg-boss 1 worker |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.jobsPerSecond.toFixed(1)} | ${r.uploadsPerSecond.toFixed(1)} | ${r.seconds.toFixed(1)} | ${(r.jobsPerSecond / base.jobsPerSecond).toFixed(2)}× | ${(r.jobsPerSecond / pg1.jobsPerSecond).toFixed(2)}× |`,
    );
  }
}

await main();
