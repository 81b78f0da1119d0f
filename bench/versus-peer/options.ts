/** bench/versus-peer's knobs, read once from the environment (defaults match the peer's own bench). */
import fs from 'node:fs';
import path from 'node:path';

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
};

const wholeNumber = (name: string, fallback: number) => {
  const value = number(name, fallback);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, not "${process.env[name]}"`);
  return value;
};

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * `../shared/peer-bullmq` next to the repo; from a worktree nested deeper (e.g. work/wt/<name>),
 * the first `shared/peer-bullmq` found further up.
 */
function defaultPeerDir(): string {
  const first = path.resolve(REPO, '../shared/peer-bullmq');
  for (let dir = path.dirname(REPO); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/peer-bullmq');
    if (fs.existsSync(candidate)) return candidate;
  }
  return first;
}

export interface VersusOptions {
  /** The peer's sources (never copied into this repo); its npm deps go into `peerScratchDir`. */
  peerDir: string;
  peerScratchDir: string;
  /**
   * Documents sent (4 clients, closed loop) before anything is measured. The default, 30, only
   * checks that the path works. The measures then fall in the process's first thousand or so
   * documents, while V8 is still compiling the per-document code (TurboFan after about 3,000
   * calls of a function). WARMUP_N=1000 measures past the first of those compiles.
   */
  warmupCount: number;
  latencyCount: number;
  latencyRate: number;
  throughputCount: number;
  throughputClients: number;
  intakeSeconds: number;
  intakeConnections: number;
  /** Worker processes (peer) / analyser threads (Docket) per configuration, e.g. [1, 2]. */
  workerCounts: number[];
  /**
   * Runs of each system per configuration, taken in turn (peer, Docket, Docket, peer, …), so a slow
   * or fast minute of a shared machine falls on both; the table shows each measure's median.
   */
  rounds: number;
  /** Only one system ('peer' or 'docket'), for working on one side. */
  only: 'peer' | 'docket' | undefined;
}

export function versusOptions(): VersusOptions {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'peer' && only !== 'docket') {
    throw new Error(`BENCH_ONLY must be "peer" or "docket", not "${only}"`);
  }
  return {
    peerDir: process.env.DOCKET_PEER_DIR ? path.resolve(REPO, process.env.DOCKET_PEER_DIR) : defaultPeerDir(),
    peerScratchDir: process.env.DOCKET_PEER_SCRATCH ?? path.join('/tmp', 'docket-peer-bullmq'),
    warmupCount: number('WARMUP_N', 30),
    latencyCount: number('LATENCY_N', 300),
    latencyRate: number('LATENCY_RATE', 10),
    throughputCount: number('THROUGHPUT_N', 1000),
    throughputClients: number('THROUGHPUT_CLIENTS', 8),
    intakeSeconds: number('INTAKE_S', 8),
    intakeConnections: number('INTAKE_CONNECTIONS', 16),
    workerCounts: (process.env.BENCH_WORKERS ?? '1,2').split(',').map((w) => {
      const n = Number(w);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`BENCH_WORKERS must list whole numbers, e.g. 1,2; got "${w}"`);
      return n;
    }),
    rounds: wholeNumber('BENCH_ROUNDS', 1),
    only,
  };
}
