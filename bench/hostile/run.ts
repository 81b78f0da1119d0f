/**
 * bench/hostile: how long a normal upload waits behind another application's hostile backlog.
 *
 * One embedded Docket (SQLite + files, 2 analyser threads, in this process, over HTTP). A hostile
 * application uploads a backlog of heavy text PDFs (BENCH_PAGES pages each, under the page cap);
 * a moment later a careful application uploads one 1-page PDF and the bench times it from upload
 * to `completed`. Measured three ways in the same run:
 *
 *   idle            the 1-page upload on an idle instance (the baseline)
 *   fairness off    behind the backlog, claims oldest first (DOCKET_FAIR_CLAIMS=false)
 *   fairness on     behind the backlog, claims and threads in turn across applications (default)
 *
 *   npm run hostile -w bench       (BENCH_BACKLOG=30 BENCH_PAGES=60 BENCH_ROUNDS=3)
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../server/src/config/config.ts';
import { bootstrapCredentials, createDocket } from '../../server/src/main.ts';
import { loadAverage, median } from '../support/measure.ts';
import { pdfOfSize } from '../support/pdf.ts';

const backlog = Number(process.env.BENCH_BACKLOG ?? 30);
const pages = Number(process.env.BENCH_PAGES ?? 60);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function post(url: string, key: string, body: string): Promise<string> {
  const response = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { 'x-auth': key, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'text', body }),
  });
  if (response.status !== 202)
    throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function waitCompleted(url: string, key: string, id: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${url}/v1/records/${id}`, { headers: { 'x-auth': key } });
    const record = (await response.json()) as { status: string };
    if (record.status === 'completed') return;
    if (record.status === 'failed') throw new Error(`record ${id} failed`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One scenario on a fresh instance: ms from the normal upload to its completion. */
async function scenario(fair: boolean, withBacklog: boolean, heavy: string, light: string): Promise<number> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-bench-hostile-'));
  const config = loadConfig({
    DOCKET_DATA_DIR: dataDir,
    DOCKET_PORT: '0',
    DOCKET_HOST: '127.0.0.1',
    DOCKET_ANALYSER_THREADS: '2',
    DOCKET_FAIR_CLAIMS: String(fair),
    DOCKET_RATE_LIMIT_PER_MINUTE: '0',
  });
  const docket = await createDocket(config, { logger: pino({ level: 'silent' }) });
  try {
    await bootstrapCredentials(docket);
    const url = (await docket.start())!;
    const hostile = await docket.credentials.createApplication('hostile');
    const careful = await docket.credentials.createApplication('careful');
    // Warm both threads (pdfjs loads once per thread), so no scenario pays for it.
    await Promise.all(
      [0, 1].map(async () => waitCompleted(url, careful.api_key, await post(url, careful.api_key, light))),
    );
    if (withBacklog) {
      await Promise.all(Array.from({ length: backlog }, () => post(url, hostile.api_key, heavy)));
      await new Promise((r) => setTimeout(r, 200)); // the backlog is being worked on
    }
    const started = performance.now();
    await waitCompleted(url, careful.api_key, await post(url, careful.api_key, light));
    return performance.now() - started;
  } finally {
    await docket.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const heavy = (await pdfOfSize(pages * 2300)).toString('base64');
const light = (await pdfOfSize(1)).toString('base64');
const results = { idle: [] as number[], off: [] as number[], on: [] as number[] };
for (let round = 0; round < rounds; round++) {
  // Interleaved, so a change in the machine's load touches every variant alike.
  results.idle.push(await scenario(true, false, heavy, light));
  results.off.push(await scenario(false, true, heavy, light));
  results.on.push(await scenario(true, true, heavy, light));
}
const idle = median(results.idle);
const row = (name: string, values: number[]) => {
  const ms = median(values);
  return `| ${name} | ${ms.toFixed(0)} ms | ${(ms / idle).toFixed(1)}× | ${values.map((v) => v.toFixed(0)).join(', ')} |`;
};
process.stdout.write(
  [
    `bench/hostile: a 1-page upload behind ${backlog} uploads of ~${pages} pages from another application (2 analyser threads; load ${loadAverage()}; medians of ${rounds})`,
    '',
    '| scenario | upload → completed | vs idle | rounds |',
    '|---|---|---|---|',
    row('idle instance (baseline)', results.idle),
    row('behind the backlog, fairness off', results.off),
    row('behind the backlog, fairness on', results.on),
    '',
  ].join('\n'),
);
