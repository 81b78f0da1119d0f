/**
 * `docket submit FILE…`: uploads files (a folder means every file in it, recursively), a few at
 * a time, optionally waits for each result, and prints one row per file — with progress bars on
 * stderr when there are several files and stderr is a terminal.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DocketApiError,
  DocketAuthError,
  DocketConnectionError,
  type DocketRecord,
  DocketTimeoutError,
} from '@docket/sdk';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, withConnectionOptions } from '../connection.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { printJson, table } from '../output.ts';

interface SubmitFlags extends ConnectionFlags {
  kind: string;
  template?: string;
  wait?: boolean;
  timeout: string;
  concurrency: string;
  json?: boolean;
  user?: string;
  options?: string;
}

/** One file's outcome, as `--json` prints it. */
export interface SubmitResult {
  file: string;
  id: string | null;
  status: string;
  error: { code: string; message: string } | null;
  record: DocketRecord | null;
}

/** The files named, folders expanded (hidden entries skipped), in a stable order. */
export async function expandFiles(names: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (entry: string): Promise<void> => {
    const stat = await fs.stat(entry).catch(() => null);
    if (!stat) throw new CliError(EXIT.usage, `no such file or folder: ${entry}`);
    if (stat.isFile()) {
      files.push(entry);
      return;
    }
    if (!stat.isDirectory()) return;
    const children = (await fs.readdir(entry))
      .filter((name) => !name.startsWith('.'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const child of children) await walk(path.join(entry, child));
  };
  for (const name of names) await walk(name);
  if (files.length === 0) throw new CliError(EXIT.usage, 'no files to submit');
  return files;
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(EXIT.usage, `${flag} must be a whole number ≥ 1`);
  return n;
}

function parseOptions(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {}
  throw new CliError(EXIT.usage, '--options must be a JSON object');
}

const failureOf = (record: DocketRecord) =>
  record.error ?? { code: 'failed', message: 'the analysis failed' };

async function submitAll(files: string[], flags: SubmitFlags): Promise<SubmitResult[]> {
  const { docket } = await connect(flags);
  const timeout = positiveInteger(flags.timeout, '--timeout') * 1000;
  const concurrency = positiveInteger(flags.concurrency, '--concurrency');
  const options = parseOptions(flags.options);
  const bars =
    files.length > 1
      ? new cliProgress.MultiBar(
          { stream: process.stderr, hideCursor: true, format: ' {bar} {value}/{total} {label}' },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const uploaded = bars?.create(files.length, 0, { label: 'uploaded' });
  const finished = flags.wait ? bars?.create(files.length, 0, { label: 'finished' }) : undefined;
  const results: SubmitResult[] = new Array(files.length);
  let next = 0;
  const work = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      try {
        let record = await docket.submit(file, {
          ...(flags.template ? { template: flags.template } : { kind: flags.kind }),
          ...(flags.user ? { applicationUserId: flags.user } : {}),
          ...(options ? { options } : {}),
        });
        uploaded?.increment();
        if (flags.wait) {
          record = await docket.waitFor(record, { timeout });
          finished?.increment();
        }
        const error = record.status === 'failed' ? failureOf(record) : null;
        results[i] = { file, id: record.id, status: record.status, error, record };
      } catch (error) {
        // Credentials or reachability fail every file alike: stop and say so once.
        if (error instanceof DocketAuthError || error instanceof DocketConnectionError) throw error;
        if (error instanceof DocketTimeoutError) {
          const record = error.record as DocketRecord;
          results[i] = {
            file,
            id: record.id,
            status: record.status,
            error: { code: 'wait_timeout', message: error.message },
            record,
          };
        } else if (error instanceof DocketApiError) {
          results[i] = {
            file,
            id: null,
            status: 'refused',
            error: { code: error.code, message: error.message },
            record: null,
          };
        } else throw error;
        uploaded?.increment();
        finished?.increment();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, work));
  } finally {
    bars?.stop();
  }
  return results;
}

export function submitCommand(program: Command): void {
  withConnectionOptions(
    program
      .command('submit <files...>')
      .description('upload files (a folder: every file in it) for analysis; prints one row per file')
      .option('--kind <kind>', 'record kind: text, lab_report, nutrition, …', 'text')
      .option('--template <id>', 'a template id: submit as seed-002 jobs (POST /process-job) instead')
      .option('--wait', 'wait for each result; exit 1 if any failed')
      .option('--timeout <seconds>', 'longest wait per file with --wait', '300')
      .option('--concurrency <n>', 'uploads in flight at once', '4')
      .option('--options <json>', 'kind options, a JSON object')
      .option('--user <id>', 'application_user_id for every file')
      .option('--json', 'print the results as JSON'),
  ).action(async (names: string[], flags: SubmitFlags) => {
    const results = await submitAll(await expandFiles(names), flags);
    if (flags.json) printJson(results);
    else {
      process.stdout.write(
        table(
          ['FILE', 'ID', 'STATUS', 'PAGES', 'ERROR'],
          results.map((r) => [
            r.file,
            r.id,
            r.status,
            r.record?.pages,
            r.error ? `${r.error.code}: ${r.error.message}` : '',
          ]),
        ),
      );
    }
    if (results.some((r) => r.error !== null)) process.exitCode = EXIT.failed;
  });
}
