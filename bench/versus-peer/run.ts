/**
 * bench/versus-peer: Docket (embedded default, synchronous=FULL) against the peer a user would
 * build instead (Fastify + BullMQ on Redis with AOF everysec, ../shared/peer-bullmq), started one
 * after the other on this machine, with the same files, the same receiver and the same loads:
 *   - upload → webhook p50/p99 at 10 uploads/s (one-page text PDF),
 *   - end-to-end webhooks/s for 1000 documents from 8 clients,
 *   - intake req/s with the worker running (~100 KB PDF, 16 connections, autocannon),
 * once with 1 worker process (peer) / analyser thread (Docket), once with 2. Prints one table;
 * with BENCH_ROUNDS=n each system runs n times per configuration, in turn, and the table shows medians.
 * Targets (issue 16): intake ≥ 1.5× peer, p50 ≤ peer, p99 ≤ 0.7× peer, end to end ≥ 1.5× peer.
 *
 *   npm run versus-peer -w bench
 *   DOCKET_PEER_DIR=/path/to/peer-bullmq LATENCY_N=300 THROUGHPUT_N=1000 BENCH_WORKERS=1,2 npm run versus-peer -w bench
 *   BENCH_ROUNDS=3 npm run versus-peer -w bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage, processCpuMs } from '../support/measure.ts';
import { startDocketSystem } from './docket.ts';
import { onePageReport, padded, uploadBody } from './files.ts';
import { intakeRun, latencyRun, throughputRun, Uploader } from './load.ts';
import { versusOptions } from './options.ts';
import { preparePeer, startPeer } from './peer.ts';
import { startReceiver } from './receiver.ts';
import type { SystemUnderTest } from './system.ts';
import { type Column, type Figures, printTable } from './table.ts';

const options = versusOptions();
const peerRunDir = options.only === 'docket' ? '' : preparePeer(options.peerDir, options.peerScratchDir);

const report = await onePageReport();
const small = uploadBody(report, 'report.pdf');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-peer-bodies-'));
const intakeFile = path.join(tmp, 'body100k.json');
fs.writeFileSync(intakeFile, uploadBody(padded(report, 100_000), 'report-100k.pdf'));

console.log(
  `bench/versus-peer on Node ${process.versions.node}, ${os.cpus().length} cores, load average ${loadAverage()}\n` +
    `  one-page PDF ${report.length} bytes; warm-up ${options.warmupCount}; intake body ${(fs.statSync(intakeFile).size / 1024).toFixed(0)} KB; ` +
    `latency ${options.latencyCount} at ${options.latencyRate}/s; end to end ${options.throughputCount} with ${options.throughputClients} clients; ` +
    `intake ${options.intakeSeconds} s × ${options.intakeConnections} connections`,
);

const receiver = await startReceiver();

/** CPU time its processes (server, workers, Redis) used so far: less noisy than rates on a busy machine. */
async function cpuOf(system: SystemUnderTest): Promise<number> {
  let total = 0;
  for (const pid of system.pids()) total += await processCpuMs(pid).catch(() => 0);
  return total;
}

async function measure(system: SystemUnderTest): Promise<Figures> {
  receiver.reset(system.webhookSecret);
  const uploader = new Uploader(system, Math.max(options.throughputClients, 8));
  try {
    const warm = await throughputRun(uploader, receiver, small, options.warmupCount, 4);
    if (warm.received !== options.warmupCount)
      throw new Error(
        `${system.name}: only ${warm.received} of ${options.warmupCount} warm-up webhooks arrived`,
      );
    console.log(`  ${system.name}: latency (${options.latencyCount} at ${options.latencyRate}/s)…`);
    const latency = await latencyRun(uploader, receiver, small, options.latencyCount, options.latencyRate);
    console.log(
      `  ${system.name}: end to end (${options.throughputCount}, ${options.throughputClients} clients)…`,
    );
    const cpuBefore = await cpuOf(system);
    const throughput = await throughputRun(
      uploader,
      receiver,
      small,
      options.throughputCount,
      options.throughputClients,
    );
    const cpuMsPerWebhook = ((await cpuOf(system)) - cpuBefore) / throughput.received;
    console.log(`  ${system.name}: intake (${options.intakeSeconds} s)…`);
    const intake = await intakeRun(system, intakeFile, options.intakeConnections, options.intakeSeconds);
    const figures = {
      name: system.name,
      latency,
      throughput: { ...throughput, cpuMsPerWebhook },
      intake,
      receiver: { ...receiver.counts },
    };
    console.log(
      `  ${system.name}: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, ` +
        `${throughput.webhooksPerSecond.toFixed(1)} webhooks/s, intake ${intake.requestsPerSecond.toFixed(0)} req/s (load ${loadAverage()})`,
    );
    return figures;
  } finally {
    await uploader.close();
  }
}

const columns: Column[] = [];
let complete = true;
/** Starts one system, measures it and stops it. */
async function measured(which: 'peer' | 'docket', workers: number): Promise<Figures> {
  const system =
    which === 'peer'
      ? await startPeer(peerRunDir, workers, receiver.url)
      : await startDocketSystem(workers, receiver.url);
  try {
    return await measure(system);
  } finally {
    await system.stop();
  }
}
try {
  for (const workers of options.workerCounts) {
    const column: Column = { workers, peer: [], docket: [] };
    columns.push(column);
    const systems = (['peer', 'docket'] as const).filter((which) => !options.only || options.only === which);
    for (let round = 0; round < options.rounds; round++) {
      // The peer first in rounds 1, 3, …, Docket first in rounds 2, 4, …: a machine that slows
      // down or speeds up over the run does not always favour the same side.
      for (const which of round % 2 === 0 ? systems : [...systems].reverse()) {
        if (options.rounds > 1)
          console.log(`  round ${round + 1} of ${options.rounds}, ${which}, ${workers} worker(s)`);
        column[which].push(await measured(which, workers));
      }
    }
  }
} finally {
  await receiver.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
for (const column of columns) {
  for (const f of [...column.peer, ...column.docket]) {
    const ok =
      f.latency.received === f.latency.sent &&
      f.throughput.received === f.throughput.sent &&
      f.latency.errors + f.throughput.errors === 0 &&
      f.receiver.badSignatures === 0;
    if (!ok) {
      complete = false;
      console.log(`incomplete: ${f.name} lost webhooks, failed uploads or sent bad signatures`);
    }
  }
}
printTable(columns);
console.log(`load average at end: ${loadAverage()}`);
process.exit(complete ? 0 : 1);
