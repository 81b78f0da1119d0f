/**
 * bench/intake: durable 202s for a 100 KB PDF posted as base64 JSON to POST /lab_reports, against a
 * bare Fastify route accepting the same body, on the same machine. Target: Docket ≥ 0.6 × bare,
 * with every commit fsync'd (synchronous=FULL) and every upload fsync'd before its 202.
 *
 * The machine is shared, so requests/s alone is noisy. Both servers stay up and are loaded in
 * interleaved rounds (bare, Docket, bare, Docket, …); each run also records the server process's
 * CPU time (all threads, from /proc) per request, which another process's load affects much less.
 * Medians over the rounds are reported.
 *
 *   npm run intake -w bench            # 3 rounds × 10 s per server
 *   BENCH_SECONDS=20 BENCH_ROUNDS=5 BENCH_CONNECTIONS=32 npm run intake -w bench
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadAverage, median, processCpuMs } from '../support/measure.ts';
import { pdfOfSize } from '../support/pdf.ts';
import { freePort, type Running, spawnReady, startDocket } from '../support/processes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface Figures {
  requestsPerSecond: number;
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface Target {
  name: string;
  server: Running;
  headers: Record<string, string>;
  runs: Figures[];
}

async function load(target: Target, body: string, duration = seconds): Promise<Figures> {
  const pid = target.server.child.pid!;
  const cpuBefore = await processCpuMs(pid);
  const result = await autocannon({
    url: `${target.server.url}/lab_reports`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
    connections,
    duration,
  });
  const cpuMs = (await processCpuMs(pid)) - cpuBefore;
  const answered = result['2xx'] + result.non2xx;
  return {
    requestsPerSecond: result.requests.average,
    cpuMsPerRequest: answered > 0 ? cpuMs / answered : Number.NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
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

function summary(runs: readonly Figures[]) {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

async function bareServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  return spawnReady([path.join(import.meta.dirname, 'bare-server.ts')], { ...env, PORT: String(port) }, port);
}

async function main() {
  const pdf = await pdfOfSize(100 * 1024);
  const body = JSON.stringify({
    mime_type: 'application/pdf',
    body: pdf.toString('base64'),
    filename: 'bench.pdf',
  });
  console.log(
    `bench/intake: ${(pdf.length / 1024).toFixed(0)} KB PDF as base64 JSON (${(body.length / 1024).toFixed(0)} KB), ${connections} connections, ${rounds} interleaved rounds × ${seconds} s per server`,
  );
  console.log(`load average at start: ${loadAverage()}`);

  const bare: Target = {
    name: 'bare Fastify route',
    server: await bareServer({}),
    headers: {},
    runs: [],
  };
  // The same route plus one durable file per upload through Docket's FileBlobStore: what the
  // file system alone leaves of the bare route's rate on this machine.
  const floor: Target = {
    name: 'bare route + durable file per upload',
    server: await bareServer({ DURABLE_FILE: '1' }),
    headers: {},
    runs: [],
  };
  // Intake only (`docket api`): the durable 202 path without analysis competing for the CPU.
  const docketServer = await startDocket('api');
  const docket: Target = {
    name: 'Docket POST /lab_reports (durable)',
    server: docketServer,
    headers: { 'x-auth': docketServer.apiKey },
    runs: [],
  };
  try {
    const warmUp = Math.min(seconds, 5);
    for (const target of [bare, floor, docket]) await load(target, body, warmUp);
    for (let round = 0; round < rounds; round++) {
      // Alternate the order, so a burst of outside load does not always hit the same one.
      const order = round % 2 === 0 ? [bare, floor, docket] : [docket, floor, bare];
      for (const target of order) {
        const figures = await load(target, body);
        target.runs.push(figures);
        console.log(
          `  round ${round + 1} ${target.name}: ${figures.requestsPerSecond.toFixed(0)} req/s, ${figures.cpuMsPerRequest.toFixed(3)} CPU ms/req (load ${loadAverage()})`,
        );
      }
    }
  } finally {
    await bare.server.stop();
    await floor.server.stop();
    await docket.server.stop();
  }
  const stored = await countRecords(docketServer.dataDir);
  await fs.rm(docketServer.dataDir, { recursive: true, force: true });

  const b = summary(bare.runs);
  const f = summary(floor.runs);
  const d = summary(docket.runs);
  console.log(
    `\n| server (medians of ${rounds}) | req/s | CPU ms/req | p50 ms | p99 ms | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|---:|`,
  );
  for (const [name, figures] of [
    [bare.name, b],
    [floor.name, f],
    [docket.name, d],
  ] as const) {
    console.log(
      `| ${name} | ${figures.requestsPerSecond.toFixed(0)} | ${figures.cpuMsPerRequest.toFixed(3)} | ${figures.p50} | ${figures.p99} | ${figures.non2xx} | ${figures.errors} |`,
    );
  }
  const ratio = d.requestsPerSecond / b.requestsPerSecond;
  const cpuRatio = b.cpuMsPerRequest / d.cpuMsPerRequest;
  const perRound = docket.runs.map((r, i) =>
    (r.requestsPerSecond / bare.runs[i]!.requestsPerSecond).toFixed(2),
  );
  console.log(
    `\nratio Docket / bare req/s: ${ratio.toFixed(2)} (target >= 0.60; per round ${perRound.join(', ')})`,
  );
  console.log(
    `ratio (bare route + durable file) / bare req/s: ${(f.requestsPerSecond / b.requestsPerSecond).toFixed(2)} (the ceiling one durable file per upload leaves here)`,
  );
  console.log(
    `ratio bare / Docket CPU per request: ${cpuRatio.toFixed(2)} (the same comparison, less sensitive to noise)`,
  );
  console.log(`load average at end: ${loadAverage()}`);
  console.log(`records stored durably during the warm-up and measured runs: ${stored}`);
}

await main();
