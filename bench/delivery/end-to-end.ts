/**
 * bench/delivery's second figure: upload -> webhook received, for one-page `kind: text` PDFs at 10
 * uploads per second against `docket start` (every commit fsync'd).
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, SERVER_DIR, spawnReady, startDocket } from '../support/processes.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const pdfkit = require('pdfkit') as typeof import('pdfkit');

function onePagePdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new pdfkit();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Glucose 98 mg/dL 70-99\nSodium 140 mmol/L 135-145');
    doc.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function endToEnd(
  seconds: number,
): Promise<{ p50: number; p99: number; max: number; count: number }> {
  const port = await freePort();
  const receiver = await spawnReady(
    [path.join(import.meta.dirname, 'receiver.ts')],
    { PORT: String(port), REPORT_ARRIVALS: '1' },
    port,
  );
  const arrivals = new Map<string, number>();
  let buffered = '';
  receiver.child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [, id, at] = line.split(' ');
      if (id && at) arrivals.set(id, Number(at));
    }
  });
  const docket = await startDocket('start', { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' });
  const headers = { 'content-type': 'application/json', 'x-auth': docket.apiKey };
  await fetch(`${docket.url}/v1/endpoints`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: `${receiver.url}/hook` }),
  });
  const body = JSON.stringify({ kind: 'text', body: (await onePagePdf()).toString('base64') });
  // Warm-up: the first analyses load pdfjs into the worker threads.
  for (let i = 0; i < 10; i++) await fetch(`${docket.url}/v1/records`, { method: 'POST', headers, body });
  await new Promise((r) => setTimeout(r, 1000));
  const sent = new Map<string, number>();
  const total = seconds * 10;
  const uploads: Promise<void>[] = [];
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * 100;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const at = Date.now();
    uploads.push(
      fetch(`${docket.url}/v1/records`, { method: 'POST', headers, body })
        .then((r) => r.json())
        .then((r) => void sent.set((r as { id: string }).id, at)),
    );
  }
  await Promise.all(uploads);
  const deadline = Date.now() + 30_000;
  while ([...sent.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await docket.stop();
  await receiver.stop();
  await fs.rm(docket.dataDir, { recursive: true, force: true });
  const latencies = [...sent]
    .filter(([id]) => arrivals.has(id))
    .map(([id, at]) => arrivals.get(id)! - at)
    .sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    count: latencies.length,
  };
}
