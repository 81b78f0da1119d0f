/**
 * Crash test on the scale-out adapters: one `docket api` and two `docket worker` processes on one
 * PostgreSQL (pg-boss queue) and one S3 bucket. One worker is killed with SIGKILL while it holds
 * jobs; its jobs stop heartbeating, pg-boss puts them back, the other worker runs them, and every
 * accepted record still completes exactly once and its webhook is delivered at least once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, makeDataDir } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { type DocketProcess, spawnDocket } from '../support/process.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { startTestS3, type TestS3 } from '../support/s3.ts';

let postgres: TestPostgres | undefined;
let s3: TestS3 | undefined;
const running: DocketProcess[] = [];
let receiver: Receiver | undefined;

beforeAll(async () => {
  [postgres, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
}, 120_000);

afterAll(async () => {
  for (const p of running) await p.stop().catch(() => {});
  await receiver?.close();
  await s3?.stop();
  await postgres?.stop();
});

describe('scale-out: kill -9 one of two workers mid-job', () => {
  it('runs the killed worker’s jobs again elsewhere and finishes every record exactly once', async () => {
    if (!postgres || !s3) throw new Error('services not started');
    const dataDir = await makeDataDir();
    const databaseUrl = await postgres.createDatabase('crash');
    const env = {
      DOCKET_DATA_DIR: dataDir,
      DOCKET_DATABASE_URL: databaseUrl,
      ...s3.env('crash'),
      DOCKET_ANALYSER_THREADS: '1',
      DOCKET_WORKER_CONCURRENCY: '4',
      // The shortest pg-boss heartbeat (10 s), checked every 2 s.
      DOCKET_LEASE_MS: '10000',
      DOCKET_PGBOSS_SUPERVISE_SECONDS: '2',
      // All 30 uploads are one application's: without this, pg-boss's fairness cap (4 active per
      // application, DOCKET_PGBOSS_GROUP_CONCURRENCY) keeps the two workers from both being busy.
      DOCKET_PGBOSS_GROUP_CONCURRENCY: '8',
      DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32',
    };
    // The API process migrates and creates the default application before any worker starts.
    const apiProcess = await spawnDocket('api', env);
    running.push(apiProcess);
    const { api_key: key } = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8'));
    receiver = await startReceiver();
    const endpoint = await api(apiProcess.url, key, 'POST', '/v1/endpoints', {
      url: receiver.url,
      retry_policy: { delays_ms: [500, 500, 500, 500, 500] },
    });
    expect(endpoint.status).toBe(201);
    const [workerA, workerB] = await Promise.all([spawnDocket('worker', env), spawnDocket('worker', env)]);
    running.push(workerA!, workerB!);

    const pages = Array.from({ length: 12 }, (_, i) => `page ${i + 1} `.repeat(200));
    const body = (await textPdf(pages)).toString('base64');
    const accepted: string[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const r = await api(apiProcess.url, key, 'POST', '/v1/records', { kind: 'text', body });
        expect(r.status).toBe(202);
        accepted.push(r.body.id);
      }),
    );

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Kill worker A while it holds jobs: wait until both workers are busy.
      await eventually(async () => {
        const { rows } = await db.query(
          "select count(*)::int as n from pgboss.job where name = 'record.analyse' and state = 'active'",
        );
        return rows[0].n >= 5;
      }, 60_000);
      await workerA!.kill9();

      for (const id of accepted) {
        await eventually(async () => {
          const r = await api(apiProcess.url, key, 'GET', `/v1/records/${id}`);
          return r.body.status === 'completed';
        }, 120_000);
      }

      const records = (await db.query('select id, status from records')).rows as {
        id: string;
        status: string;
      }[];
      expect(records).toHaveLength(accepted.length);
      expect(records.every((r) => r.status === 'completed')).toBe(true);
      // Exactly one terminal event per record: the transition happened once.
      const events = (await db.query('select record_id, count(*)::int as n from events group by record_id'))
        .rows;
      expect(events).toHaveLength(records.length);
      expect(events.every((e: { n: number }) => e.n === 1)).toBe(true);
      // Every event reached the endpoint at least once, whichever worker sent it.
      await eventually(async () => {
        const delivered = new Set(receiver!.requests.map((r) => JSON.parse(r.body).data.id as string));
        return accepted.every((id) => delivered.has(id));
      }, 120_000);
      // The killed worker's jobs really were taken back and run again (a second claim).
      const reclaimed = await db.query(
        "select count(*)::int as n from pgboss.job where name = 'record.analyse' and retry_count > 0",
      );
      expect(reclaimed.rows[0].n).toBeGreaterThan(0);
      const open = await db.query(
        "select count(*)::int as n from pgboss.job where name like 'record.analyse%' and state in ('created', 'retry', 'active')",
      );
      expect(open.rows[0].n).toBe(0);
      const dead = await db.query(
        "select count(*)::int as n from pgboss.job where name = 'record.analyse.dead'",
      );
      expect(dead.rows[0].n).toBe(0);
    } finally {
      await db.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
