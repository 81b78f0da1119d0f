/**
 * The least the design's durable bookkeeping costs, without Docket's code around it: the bare
 * undici loop plus, for each delivery, what DESIGN.md prescribes: a job in the job table leased
 * and deleted, the delivery row read with its event and moved on, one attempt row logged. It runs
 * on a database Docket itself created and filled (same schema, same indexes), with raw prepared
 * better-sqlite3 statements, Docket's batching (claims a lane ahead, one select per claim,
 * attempts committed in 10 ms windows) and Docket's signatures. WAL, synchronous=FULL.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { SERVER_DIR } from '../support/processes.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const { Agent, request } = require('undici') as typeof import('undici');
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

interface Claimed {
  taskId: string;
  token: number;
  deliveryId: string;
  eventId: string;
  attempts: number;
  body: string;
}

interface Outcome extends Claimed {
  status: number;
  latencyMs: number;
  startedAt: number;
}

export async function designFloor(options: {
  file: string;
  url: string;
  signingKey: string;
  concurrency: number;
  deliveries: number;
}): Promise<number> {
  const { signWebhook } = await import(path.join(SERVER_DIR, 'src/webhooks/signing.ts'));
  const { newId } = await import(path.join(SERVER_DIR, 'src/core/ids.ts'));
  const db = new Database(options.file);
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
      status_code, latency_ms, outcome, error, response_excerpt) values (?, ?, ?, ?, ?, ?, 'success', null, ?)`);
  const claim = db.transaction((limit: number): Claimed[] => {
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
  });
  const record = db.transaction((outcomes: Outcome[]) => {
    const now = Date.now();
    for (const o of outcomes) {
      if (complete.run(o.taskId, o.token).changes !== 1) continue;
      moveOn.run(o.status, now, o.deliveryId);
      logAttempt.run(
        newId(),
        o.deliveryId,
        o.attempts + 1,
        o.startedAt,
        o.status,
        Math.round(o.latencyMs),
        'OK',
      );
    }
  });

  let pending: Outcome[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) record(batch);
  };
  const logged = (outcome: Outcome) => {
    if (pending.push(outcome) >= 256) flush();
    else timer ??= setTimeout(flush, 10);
  };

  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const waiting: Claimed[] = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (;;) {
        // Top up a lane's worth ahead, like Docket's prefetch.
        if (waiting.length === 0) waiting.push(...claim(2 * options.concurrency));
        const next = waiting.shift();
        if (!next) return;
        const startedAt = Date.now();
        const sentAt = performance.now();
        const body = Buffer.from(next.body);
        const headers = {
          'content-type': 'application/json',
          ...signWebhook({
            body,
            id: next.eventId,
            timestamp: Math.floor(startedAt / 1000),
            keys: [options.signingKey],
          }),
        };
        const response = await request(options.url, { method: 'POST', body, headers, dispatcher: agent });
        await response.body.text();
        logged({ ...next, status: response.statusCode, latencyMs: performance.now() - sentAt, startedAt });
        sent++;
      }
    }),
  );
  flush();
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  const left = db.prepare(`select count(*) as n from deliveries where status = 'pending'`).get() as {
    n: number;
  };
  db.close();
  if (sent !== options.deliveries || left.n !== 0) {
    throw new Error(`design floor sent ${sent} of ${options.deliveries}, ${left.n} left pending`);
  }
  return sent / seconds;
}
