/** Child processes of bench/versus-peer: started with their output in a log file, stopped by PID. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Child {
  name: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote, for error messages. */
  tail(): string;
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; logFile: string },
): Child {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...options.env },
  });
  fs.closeSync(out);
  return {
    name,
    process: child,
    async stop(graceMs = 8000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    tail: () => {
      try {
        return fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-10).join('\n');
      } catch {
        return '';
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `ready` until it resolves true, or throws after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}
