/** Runs the `docket` command as a child process with the pinned Node, as a user or script would. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without the caller's DOCKET_* settings, so a test says what it uses. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCKET_')));
  return { ...base, ...env };
}

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: cleanEnv(env),
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stderr or stdout matches. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  /** SIGINT, then the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts a long-running command (`listen`). */
export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const onData = () => {
    for (const check of [...waiters]) check();
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    onData();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    onData();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, stream = 'stderr') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stream === 'stderr' ? stderr : stdout)) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        exited.then((code) =>
          reject(new Error(`docket exited with ${code} before ${pattern}:\n${stdout}\n${stderr}`)),
        );
        check();
      });
    },
    async interrupt() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
