/**
 * bench/intake: durable 202s for a 100 KB PDF posted as base64 JSON to POST /lab_reports, against a
 * bare Fastify route accepting the same body, in the same run. Prints requests/s and the ratio.
 * Target: Docket ≥ 0.6 × bare, with every commit fsync'd (synchronous=FULL).
 *
 *   npm run intake -w bench            # 10 s per run
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=32 npm run intake -w bench
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { pdfOfSize } from '../support/pdf.ts';
import { freePort, type Running, spawnReady, startDocket } from '../support/processes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>, body: string): Promise<Figures> {
  const result = await autocannon({
    url: `${url}/lab_reports`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function countRecords(dataDir: string): Promise<number> {
  const { createRequire } = await import('node:module');
  const require = createRequire(path.resolve(import.meta.dirname, '../../server/package.json'));
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dataDir, 'docket.db'), { readonly: true });
  const row = db.prepare('select count(*) as n from records').get() as { n: number };
  db.close();
  return row.n;
}

async function main() {
  const pdf = await pdfOfSize(100 * 1024);
  const body = JSON.stringify({
    mime_type: 'application/pdf',
    body: pdf.toString('base64'),
    filename: 'bench.pdf',
  });
  console.log(
    `bench/intake: ${(pdf.length / 1024).toFixed(0)} KB PDF as base64 JSON (${(body.length / 1024).toFixed(0)} KB), ${connections} connections, ${seconds} s each`,
  );

  const port = await freePort();
  const bare: Running = await spawnReady(
    [path.join(import.meta.dirname, 'bare-server.ts')],
    { PORT: String(port) },
    port,
  );
  await load(bare.url, {}, body); // warm-up
  const bareFigures = await load(bare.url, {}, body);
  await bare.stop();

  // Intake only (`docket api`): the durable 202 path without analysis competing for the CPU.
  const docket = await startDocket('api');
  await load(docket.url, { 'x-auth': docket.apiKey }, body); // warm-up
  const docketFigures = await load(docket.url, { 'x-auth': docket.apiKey }, body);
  await docket.stop();
  const stored = await countRecords(docket.dataDir);
  await fs.rm(docket.dataDir, { recursive: true, force: true });

  const rows = [
    ['bare Fastify route', bareFigures],
    ['Docket POST /lab_reports (durable)', docketFigures],
  ] as const;
  console.log('\n| server | req/s | p50 ms | p99 ms | non-2xx |\n|---|---:|---:|---:|---:|');
  for (const [name, f] of rows) {
    console.log(`| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.non2xx} |`);
  }
  const ratio = docketFigures.requestsPerSecond / bareFigures.requestsPerSecond;
  console.log(`\nratio Docket / bare: ${ratio.toFixed(2)} (target >= 0.60)`);
  console.log(`records stored durably during the warm-up and measured runs: ${stored}`);
}

await main();
