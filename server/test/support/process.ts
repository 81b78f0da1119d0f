/** Runs `docket` as a child process, for tests that kill it. */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface DocketProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no flushing. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `docket <command>` and resolves once it says it is ready. */
export async function spawnDocket(
  command: 'start' | 'api' | 'worker',
  env: Record<string, string>,
): Promise<DocketProcess> {
  const port = env.DOCKET_PORT ?? String(await freePort());
  const child = spawn(process.execPath, [CLI, command], {
    env: { ...process.env, DOCKET_HOST: '127.0.0.1', DOCKET_PORT: port, DOCKET_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`docket did not start:\n${output}`)), 30_000);
    const check = () => {
      if (/ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docket exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
