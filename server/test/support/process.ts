/** Runs `docket` as a child process, for tests that kill it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

/**
 * The lowest port the kernel hands out to outgoing connections. A port the tests listen on is
 * picked below it: a port taken from the ephemeral range and released again can be given to
 * any client socket (an HTTP request, a database connection) before the server binds it.
 */
function ephemeralPortFloor(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32768;
  } catch {
    return 32768;
  }
}

function canListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port nothing listens on, chosen at random below the ephemeral range so that neither the
 * kernel nor another test process is likely to take it before the caller binds it.
 */
export async function freePort(): Promise<number> {
  const ceiling = ephemeralPortFloor();
  const floor = 10_000;
  for (let attempt = 0; ceiling - floor > 1000 && attempt < 50; attempt++) {
    const port = await canListen(floor + Math.floor(Math.random() * (ceiling - floor)));
    if (port !== null) return port;
  }
  const port = await canListen(0);
  if (port === null) throw new Error('no free TCP port on 127.0.0.1');
  return port;
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
