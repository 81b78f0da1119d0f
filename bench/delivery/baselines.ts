/** The baselines of bench/delivery: a bare undici POST loop, and the same with a durable row per attempt. */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SERVER_DIR } from '../support/processes.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const { Agent, request } = require('undici') as typeof import('undici');

/**
 * `concurrency` lanes POSTing the body until `deliveries` are sent. With `log`, each lane also
 * waits for its attempt to be written to SQLite (WAL, synchronous=FULL, rows of one event-loop
 * turn sharing a commit) before sending the next one.
 */
export async function bareLoop(
  url: string,
  body: string,
  deliveries: number,
  concurrency: number,
  log?: AttemptLog,
): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries) {
        const n = next++;
        const sentAt = performance.now();
        const response = await request(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          dispatcher: agent,
        });
        await response.body.dump();
        await log?.write(n, response.statusCode, performance.now() - sentAt);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return deliveries / seconds;
}

/** The least any durable attempt log costs: one prepared INSERT per attempt, group-committed. */
class AttemptLog {
  readonly #db: import('better-sqlite3').Database;
  /** Inserts one batch of rows in one transaction (one commit, one fsync). */
  readonly #insertAll: (rows: readonly [number, number, number][]) => void;
  #pending: { row: [number, number, number]; done: () => void }[] = [];

  constructor(file: string) {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(
      'create table attempts (n integer primary key, status integer, latency_ms real, at integer)',
    );
    const insert = this.#db.prepare('insert into attempts values (?, ?, ?, ?)');
    this.#insertAll = this.#db.transaction((rows: readonly [number, number, number][]) => {
      for (const row of rows) insert.run(...row, Date.now());
    });
  }

  write(n: number, status: number, latencyMs: number): Promise<void> {
    return new Promise((done) => {
      if (this.#pending.push({ row: [n, status, latencyMs], done }) === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#insertAll(batch.map((p) => p.row));
    for (const { done } of batch) done();
  }

  close(): void {
    this.#db.close();
  }
}

export async function loggedLoop(
  url: string,
  body: string,
  deliveries: number,
  concurrency: number,
): Promise<number> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-bench-log-'));
  const log = new AttemptLog(path.join(dir, 'attempts.db'));
  try {
    return await bareLoop(url, body, deliveries, concurrency, log);
  } finally {
    log.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
