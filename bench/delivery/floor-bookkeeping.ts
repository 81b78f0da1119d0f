/**
 * The design floor's bookkeeping: the statements DESIGN.md prescribes per delivery, as raw
 * prepared better-sqlite3 statements on a database Docket created (same schema and indexes). WAL,
 * synchronous=FULL. Used in-thread, or from a worker thread of its own (run this file as the
 * worker, with `workerData.file`), so the floor can be measured both ways.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SERVER_DIR } from '../support/processes.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));

/** A leased job with the delivery it carries and its event's body. */
export interface Claimed {
  taskId: string;
  token: number;
  deliveryId: string;
  eventId: string;
  attempts: number;
  body: string;
}

/** A sent attempt to log. */
export interface Outcome {
  taskId: string;
  token: number;
  deliveryId: string;
  attempts: number;
  status: number;
  latencyMs: number;
  startedAt: number;
}

export interface Bookkeeping {
  /** Leases up to `limit` jobs and reads their deliveries and event bodies, in one transaction. */
  claim(limit: number): Claimed[];
  /** Per attempt: deletes the job (fenced), moves the delivery on, logs the attempt; one commit. */
  record(outcomes: readonly Outcome[]): void;
  close(): void;
}

export async function openBookkeeping(file: string): Promise<Bookkeeping> {
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const { newId } = await import(path.join(SERVER_DIR, 'src/core/ids.ts'));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const lease = db.prepare(`update tasks set state = 'leased', lease_token = lease_token + 1,
      attempts = attempts + 1, leased_until = ? where id in (select id from tasks
      where type = 'webhook.deliver' and state = 'ready' and run_at <= ? order by run_at limit ?)
      returning id, lease_token, payload`);
  const load = db.prepare(`select d.id, d.event_id, d.attempts,
      (select data from events e where e.id = d.event_id) as body
      from deliveries d where d.id in (select value from json_each(?))`);
  const complete = db.prepare(`delete from tasks where id = ? and lease_token = ? and state = 'leased'`);
  const moveOn = db.prepare(`update deliveries set status = 'succeeded', attempts = attempts + 1,
      next_attempt_at = null, last_status_code = ?, last_error = null, updated_at = ?
      where id = ? and status = 'pending'`);
  const logAttempt = db.prepare(`insert into delivery_attempts (id, delivery_id, number, started_at,
      status_code, latency_ms, outcome, error, response_excerpt) values (?, ?, ?, ?, ?, ?, 'success', null, 'OK')`);
  return {
    claim: db.transaction((limit: number): Claimed[] => {
      const now = Date.now();
      const tasks = lease.all(now + 30_000, now, limit) as {
        id: string;
        lease_token: number;
        payload: string;
      }[];
      const byDelivery = new Map(tasks.map((t) => [JSON.parse(t.payload).delivery_id as string, t]));
      const rows = load.all(JSON.stringify([...byDelivery.keys()])) as {
        id: string;
        event_id: string;
        attempts: number;
        body: string;
      }[];
      return rows.map((row) => {
        const task = byDelivery.get(row.id)!;
        return {
          taskId: task.id,
          token: task.lease_token,
          deliveryId: row.id,
          eventId: row.event_id,
          attempts: row.attempts,
          body: row.body,
        };
      });
    }),
    record: db.transaction((outcomes: readonly Outcome[]) => {
      const now = Date.now();
      for (const o of outcomes) {
        if (complete.run(o.taskId, o.token).changes !== 1) continue;
        moveOn.run(o.status, now, o.deliveryId);
        logAttempt.run(newId(), o.deliveryId, o.attempts + 1, o.startedAt, o.status, Math.round(o.latencyMs));
      }
    }),
    close: () => db.close(),
  };
}

/** As a worker thread: answers `{ id, claim }`, `{ id, record }` and `{ id, close }` messages. */
if (!isMainThread && workerData?.file) {
  const books = await openBookkeeping(workerData.file as string);
  parentPort!.on('message', (m: { id: number; claim?: number; record?: Outcome[]; close?: true }) => {
    if (m.claim !== undefined) parentPort!.postMessage({ id: m.id, claimed: books.claim(m.claim) });
    else if (m.record) parentPort!.postMessage({ id: m.id, recorded: books.record(m.record) });
    else if (m.close) parentPort!.postMessage({ id: m.id, closed: books.close() });
  });
}
