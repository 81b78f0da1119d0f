/** Child processes for benchmarks: a Docket, or any script, started and stopped cleanly. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/test/support/process.ts';

export const SERVER_DIR = path.resolve(import.meta.dirname, '../../server');
const CLI = path.join(SERVER_DIR, 'src/cli/main.ts');

export { freePort };

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a Node script and waits until it prints `ready`. */
export async function spawnReady(
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<Running> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (!out.includes('ready')) return;
      // Past start-up the output is only drained (below), not kept for a long run's whole life.
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) =>
      reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface DocketInstance extends Running {
  apiKey: string;
  dataDir: string;
}

/** Starts `docket <role>` on a fresh data directory. */
export async function startDocket(
  role: 'start' | 'api' | 'worker',
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<DocketInstance> {
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'docket-bench-')));
  const port = await freePort();
  // e.g. BENCH_DOCKET_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_DOCKET_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const running = await spawnReady(
    [...nodeArgs, CLI, role],
    {
      DOCKET_DATA_DIR: dir,
      DOCKET_PORT: String(port),
      DOCKET_HOST: '127.0.0.1',
      DOCKET_LOG_LEVEL: 'warn',
      // Benchmarks load one application far past any sensible per-application budget.
      DOCKET_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    port,
  );
  const credentials = JSON.parse(await fs.readFile(path.join(dir, 'credentials.json'), 'utf8'));
  return { ...running, apiKey: credentials.api_key, dataDir: dir };
}
