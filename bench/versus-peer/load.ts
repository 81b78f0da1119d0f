/**
 * The three loads, the same for both systems: paced uploads for upload→webhook latency, closed-loop
 * clients for end-to-end webhooks/s, and autocannon (its own process) for intake req/s.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SERVER_DIR } from '../support/processes.ts';
import type { Receiver } from './receiver.ts';
import type { SystemUnderTest } from './system.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const { Pool } = require('undici') as typeof import('undici');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** sorted[floor(q·n)], as the peer's bench computes it. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

export interface LatencyFigures {
  sent: number;
  received: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /**
   * The slowest few: seconds into the run when they were sent, how long they took, and how much of
   * it was the wait for the answer to the upload (the rest came after it: analysis and webhook).
   */
  slowest: { atS: number; ms: number; answeredMs: number }[];
}

export interface ThroughputFigures {
  sent: number;
  received: number;
  errors: number;
  seconds: number;
  postingSeconds: number;
  webhooksPerSecond: number;
  p50: number;
  p99: number;
}

export interface IntakeFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * Uploads over one keep-alive pool; resolves to the record id, the time just before sending and
 * the time the answer had been read.
 */
export class Uploader {
  readonly #pool: InstanceType<typeof Pool>;
  readonly #system: SystemUnderTest;

  constructor(system: SystemUnderTest, connections: number) {
    this.#system = system;
    this.#pool = new Pool(system.url, { connections, keepAliveTimeout: 60_000 });
  }

  async upload(body: string): Promise<{ id: string; sentAt: number; answeredAt: number }> {
    const sentAt = performance.now();
    const response = await this.#pool.request({
      path: '/lab_reports',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth': this.#system.apiKey },
      body,
    });
    const json = (await response.body.json()) as { lab_report?: { record_id?: string } };
    const answeredAt = performance.now();
    const id = json.lab_report?.record_id;
    if ((response.statusCode !== 202 && response.statusCode !== 200) || !id) {
      throw new Error(
        `POST /lab_reports answered ${response.statusCode}: ${JSON.stringify(json).slice(0, 200)}`,
      );
    }
    return { id, sentAt, answeredAt };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

async function awaitArrivals(receiver: Receiver, sent: Map<string, number>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && [...sent.keys()].some((id) => !receiver.arrivals.has(id))) await sleep(25);
  let last = 0;
  const latencies: { id: string; ms: number }[] = [];
  for (const [id, at] of sent) {
    const arrived = receiver.arrivals.get(id);
    if (arrived === undefined) continue;
    latencies.push({ id, ms: arrived - at });
    last = Math.max(last, arrived);
  }
  latencies.sort((a, b) => a.ms - b.ms);
  return { latencies, last };
}

/** `count` uploads sent on schedule at `rate`/s (open loop); upload sent → webhook received. */
export async function latencyRun(
  uploader: Uploader,
  receiver: Receiver,
  body: string,
  count: number,
  rate: number,
): Promise<LatencyFigures> {
  const sent = new Map<string, number>();
  const answerMs = new Map<string, number>();
  const started = performance.now();
  let errors = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      uploader.upload(body).then(
        ({ id, sentAt, answeredAt }) => {
          sent.set(id, sentAt);
          answerMs.set(id, answeredAt - sentAt);
        },
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  const { latencies } = await awaitArrivals(receiver, sent, 60_000);
  const ms = latencies.map((l) => l.ms);
  return {
    sent: count,
    received: latencies.length,
    errors,
    p50: percentile(ms, 0.5),
    p90: percentile(ms, 0.9),
    p99: percentile(ms, 0.99),
    max: ms.at(-1) ?? Number.NaN,
    slowest: latencies
      .slice(-5)
      .reverse()
      .map(({ id, ms }) => ({ atS: (sent.get(id)! - started) / 1000, ms, answeredMs: answerMs.get(id)! })),
  };
}

/** `count` uploads from `clients` closed-loop clients; webhooks/s from the first POST to the last webhook. */
export async function throughputRun(
  uploader: Uploader,
  receiver: Receiver,
  body: string,
  count: number,
  clients: number,
): Promise<ThroughputFigures> {
  const sent = new Map<string, number>();
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        next++;
        try {
          const { id, sentAt } = await uploader.upload(body);
          sent.set(id, sentAt);
        } catch {
          errors++;
        }
      }
    }),
  );
  const posted = performance.now();
  const { latencies, last } = await awaitArrivals(receiver, sent, 180_000);
  const seconds = (last - started) / 1000;
  const ms = latencies.map((l) => l.ms);
  return {
    sent: count,
    received: latencies.length,
    errors,
    seconds,
    postingSeconds: (posted - started) / 1000,
    webhooksPerSecond: latencies.length / seconds,
    p50: percentile(ms, 0.5),
    p99: percentile(ms, 0.99),
  };
}

const AUTOCANNON = path.join(
  path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')),
  'autocannon.js',
);

/** autocannon in its own process (so the load generator is not this process's event loop). */
export function intakeRun(
  system: SystemUnderTest,
  bodyFile: string,
  connections: number,
  seconds: number,
): Promise<IntakeFigures> {
  // prettier-ignore
  const args = [
    AUTOCANNON,
    '-j',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `x-auth=${system.apiKey}`,
    '-i',
    bodyFile,
    `${system.url}/lab_reports`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      try {
        const r = JSON.parse(out);
        resolve({
          requestsPerSecond: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
        });
      } catch (error) {
        reject(new Error(`autocannon printed no result: ${String(error)} ${out.slice(0, 200)}`));
      }
    });
  });
}
