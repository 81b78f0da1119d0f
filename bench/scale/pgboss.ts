/**
 * bench/scale/pgboss: how fast pg-boss 12 drains a backlog of no-op jobs
 *   - with `work()` at its defaults (batchSize 1, 2 s polling),
 *   - with `work()` tuned (batchSize, burstWhenBatchFull, short polling, localConcurrency),
 *   - through Docket's WorkerRuntime on the pg-boss TaskQueue (fetch batchSize = free slots,
 *     fenced complete per job, NOTIFY wake-up), as `docket worker` runs it,
 *   - through Docket's WorkerRuntime on its own job table on PostgreSQL (DOCKET_PG_QUEUE=table).
 * One embedded PostgreSQL (fsync on); each variant gets a fresh database and the same backlog.
 *
 *   node bench/scale/pgboss.ts                    (from the repo root)
 */

import { PgBoss } from 'pg-boss';
import pino from 'pino';
import { PostgresStore } from '../../server/src/adapters/postgres/store.ts';
import { systemClock } from '../../server/src/core/clock.ts';
import { WorkerRuntime } from '../../server/src/worker/runtime.ts';
import { startTestPostgres, type TestPostgres } from '../../server/test/support/postgres.ts';

const backlog = Number(process.env.BENCH_BACKLOG ?? 3000);
const windowSeconds = Number(process.env.BENCH_SECONDS ?? 10);

interface Result {
  name: string;
  done: number;
  seconds: number;
}

async function drain(name: string, count: () => number, stop: () => Promise<void>): Promise<Result> {
  const started = performance.now();
  const deadline = started + windowSeconds * 1000;
  while (count() < backlog && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - started) / 1000;
  const done = count();
  await stop();
  return { name, done, seconds };
}

async function bossWork(
  postgres: TestPostgres,
  name: string,
  options: Record<string, unknown>,
): Promise<Result> {
  const boss = new PgBoss({
    connectionString: await postgres.createDatabase('boss'),
    openTelemetry: { enabled: false },
  });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('bench');
  for (let i = 0; i < backlog; i += 500) {
    await boss.insert(
      'bench',
      Array.from({ length: Math.min(500, backlog - i) }, (_, j) => ({ data: { n: i + j } })),
    );
  }
  let done = 0;
  await boss.work('bench', options, async (batch: unknown[]) => {
    done += batch.length;
  });
  return drain(
    name,
    () => done,
    () => boss.stop({ graceful: false }),
  );
}

async function docketRuntime(
  postgres: TestPostgres,
  name: string,
  queueKind: 'pg-boss' | 'table',
): Promise<Result> {
  const store = await PostgresStore.open({
    url: await postgres.createDatabase('docket'),
    clock: systemClock(),
    poolMax: 10,
    queue: queueKind,
    leaseMs: 30_000,
  });
  for (let i = 0; i < backlog; i += 500) {
    await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(backlog, i + 500); j++)
        await tx.tasks.enqueue({ type: 'bench', payload: { n: j } });
    });
  }
  const queue = store.taskQueue();
  let done = 0;
  const runtime = new WorkerRuntime({
    queue,
    clock: systemClock(),
    logger: pino({ level: 'silent' }),
    leaseMs: 30_000,
    handlers: [
      {
        type: 'bench',
        concurrency: 16,
        async handle() {
          done++;
        },
      },
    ],
  });
  runtime.start();
  return drain(
    name,
    () => done,
    async () => {
      await runtime.stop();
      await store.close();
    },
  );
}

async function main() {
  console.log(`bench/scale/pgboss: backlog of ${backlog} no-op jobs, at most ${windowSeconds} s per variant`);
  const postgres = await startTestPostgres({ durable: true });
  const results: Result[] = [];
  try {
    results.push(await bossWork(postgres, 'pg-boss work(), defaults', {}));
    results.push(
      await bossWork(postgres, 'pg-boss work(), batchSize 16 + burstWhenBatchFull + 0.5 s polling', {
        batchSize: 16,
        burstWhenBatchFull: true,
        pollingIntervalSeconds: 0.5,
      }),
    );
    results.push(
      await bossWork(postgres, 'pg-boss work(), same + localConcurrency 4', {
        batchSize: 16,
        burstWhenBatchFull: true,
        pollingIntervalSeconds: 0.5,
        localConcurrency: 4,
      }),
    );
    results.push(
      await docketRuntime(postgres, 'Docket runtime on pg-boss (claim = fetch batchSize)', 'pg-boss'),
    );
    results.push(await docketRuntime(postgres, 'Docket runtime on its job table (PostgreSQL)', 'table'));
  } finally {
    await postgres.stop();
  }
  const base = results[0]!;
  const rate = (r: Result) => r.done / r.seconds;
  console.log('');
  console.log('| variant | jobs done | seconds | jobs/s | vs defaults |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.done} | ${r.seconds.toFixed(1)} | ${rate(r).toFixed(1)} | ${(rate(r) / rate(base)).toFixed(1)}× |`,
    );
  }
}

await main();
