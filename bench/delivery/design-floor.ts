/**
 * The least the design's durable bookkeeping costs, without Docket's code around it: the bare
 * undici loop plus, for each delivery, what DESIGN.md prescribes (floor-bookkeeping.ts): a job in
 * the job table leased and deleted, the delivery row read with its event and moved on, one attempt
 * row logged, with Docket's signatures and batching (claims two lanes' worth ahead, attempts
 * committed in 10 ms windows). With `thread`, the bookkeeping runs on a worker thread of its own and
 * the event loop only signs and sends.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SERVER_DIR } from '../support/processes.ts';
import { type Claimed, type Outcome, openBookkeeping } from './floor-bookkeeping.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const { Agent, request } = require('undici') as typeof import('undici');

/** The bookkeeping as the sending loop sees it: in this thread or in another. */
interface Books {
  claim(limit: number): Promise<Claimed[]>;
  record(outcomes: Outcome[]): Promise<void>;
  close(): Promise<void>;
}

async function inThread(file: string): Promise<Books> {
  const books = await openBookkeeping(file);
  return {
    claim: async (limit) => books.claim(limit),
    record: async (outcomes) => books.record(outcomes),
    close: async () => books.close(),
  };
}

function inWorker(file: string): Books {
  const worker = new Worker(new URL('./floor-bookkeeping.ts', import.meta.url), { workerData: { file } });
  const replies = new Map<number, (reply: { claimed?: Claimed[] }) => void>();
  let next = 0;
  worker.on('message', (reply: { id: number; claimed?: Claimed[] }) => {
    replies.get(reply.id)?.(reply);
    replies.delete(reply.id);
  });
  const call = (message: object) =>
    new Promise<{ claimed?: Claimed[] }>((resolve) => {
      const id = ++next;
      replies.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  return {
    claim: async (limit) => (await call({ claim: limit })).claimed ?? [],
    record: async (record) => void (await call({ record })),
    close: async () => {
      await call({ close: true });
      await worker.terminate();
    },
  };
}

export async function designFloor(options: {
  file: string;
  url: string;
  signingKey: string;
  concurrency: number;
  deliveries: number;
  thread?: boolean;
}): Promise<number> {
  const { signWebhook } = await import(path.join(SERVER_DIR, 'src/webhooks/signing.ts'));
  const books = options.thread ? inWorker(options.file) : await inThread(options.file);

  let pending: Outcome[] = [];
  let timer: NodeJS.Timeout | undefined;
  const writes: Promise<void>[] = [];
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) writes.push(books.record(batch));
  };
  const logged = (outcome: Outcome) => {
    if (pending.push(outcome) >= 256) flush();
    else timer ??= setTimeout(flush, 10);
  };

  // Two lanes' worth claimed ahead, topped up once a lane's worth is left, like Docket's prefetch.
  const waiting: Claimed[] = [];
  let claiming: Promise<void> | undefined;
  let drained = false;
  const topUp = (): Promise<void> | undefined => {
    if (!claiming && !drained && waiting.length < options.concurrency) {
      claiming = books.claim(2 * options.concurrency).then((claimed) => {
        if (claimed.length === 0) drained = true;
        waiting.push(...claimed);
        claiming = undefined;
      });
    }
    return claiming;
  };

  const agent = new Agent({ keepAliveTimeout: 60_000 });
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (;;) {
        const topping = topUp();
        if (waiting.length === 0 && topping) await topping;
        const claimed = waiting.shift();
        if (!claimed) {
          if (drained) return;
          continue;
        }
        const startedAt = Date.now();
        const sentAt = performance.now();
        const body = Buffer.from(claimed.body);
        const headers = {
          'content-type': 'application/json',
          ...signWebhook({
            body,
            id: claimed.eventId,
            timestamp: Math.floor(startedAt / 1000),
            keys: [options.signingKey],
          }),
        };
        const response = await request(options.url, { method: 'POST', body, headers, dispatcher: agent });
        await response.body.text();
        const { taskId, token, deliveryId, attempts } = claimed;
        logged({
          taskId,
          token,
          deliveryId,
          attempts,
          status: response.statusCode,
          latencyMs: performance.now() - sentAt,
          startedAt,
        });
        sent++;
      }
    }),
  );
  flush();
  await Promise.all(writes);
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  await books.close();
  if (sent !== options.deliveries) throw new Error(`design floor sent ${sent} of ${options.deliveries}`);
  return sent / seconds;
}
