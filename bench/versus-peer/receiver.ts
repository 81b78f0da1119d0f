/**
 * The webhook receiver both systems deliver to, in the bench process (as in the peer's own bench):
 * it checks `x-body-signature` (hex HMAC-SHA256 of the raw body; both systems send it), answers
 * 200, and records when each record's first signed webhook arrived.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  url: string;
  /** Arrival time (performance.now()) of each record's first webhook. */
  arrivals: Map<string, number>;
  counts: { calls: number; badSignatures: number; duplicates: number };
  /** Sets the key signatures are checked against, and forgets earlier arrivals. */
  reset(secret: string): void;
  close(): Promise<void>;
}

/** The record id in either system's webhook body. */
function recordIdOf(body: unknown): string | undefined {
  const b = body as {
    lab_report?: { record_id?: string };
    data?: { record_id?: string };
    record_id?: string;
  };
  return b.lab_report?.record_id ?? b.data?.record_id ?? b.record_id;
}

export async function startReceiver(): Promise<Receiver> {
  let secret = '';
  const arrivals = new Map<string, number>();
  const counts = { calls: 0, badSignatures: 0, duplicates: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const raw = Buffer.concat(chunks);
      counts.calls++;
      const want = createHmac('sha256', secret).update(raw).digest();
      const got = Buffer.from(String(req.headers['x-body-signature'] ?? ''), 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        counts.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const id = recordIdOf(JSON.parse(raw.toString()));
      if (id !== undefined) {
        if (arrivals.has(id)) counts.duplicates++;
        else arrivals.set(id, at);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    counts,
    reset(next) {
      secret = next;
      arrivals.clear();
      Object.assign(counts, { calls: 0, badSignatures: 0, duplicates: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
