/** `docket status ID` (a record's state) and `docket results ID` (a seed-002 job's results, JSON or CSV). */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, withConnectionOptions } from '../connection.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { printJson, table } from '../output.ts';

interface StatusFlags extends ConnectionFlags {
  json?: boolean;
  wait?: boolean;
  timeout: string;
}

interface ResultsFlags extends ConnectionFlags {
  format: string;
  out?: string;
}

export function recordCommands(program: Command): void {
  withConnectionOptions(
    program
      .command('status <id>')
      .description("a record's (or job's) state; exit 1 when it failed")
      .option('--wait', 'wait until it is completed or failed')
      .option('--timeout <seconds>', 'longest wait with --wait', '300')
      .option('--json', 'print the record as JSON'),
  ).action(async (id: string, flags: StatusFlags) => {
    const { docket } = await connect(flags);
    const timeout = Number(flags.timeout) * 1000;
    if (!(timeout > 0)) throw new CliError(EXIT.usage, '--timeout must be a number of seconds');
    const record = flags.wait ? await docket.waitFor(id, { timeout }) : await docket.records.get(id);
    if (flags.json) printJson(record);
    else {
      process.stdout.write(
        table(
          ['ID', 'KIND', 'STATUS', 'PAGES', 'FILE', 'ERROR'],
          [
            [
              record.id,
              record.kind,
              record.status,
              record.pages,
              record.filename,
              record.error ? `${record.error.code}: ${record.error.message}` : '',
            ],
          ],
        ),
      );
    }
    if (record.status === 'failed') process.exitCode = EXIT.failed;
  });

  withConnectionOptions(
    program
      .command('results <job-id>')
      .description("a template job's extracted results (POST /v1/job-results), kept 24 h")
      .option('--format <format>', 'json or csv', 'json')
      .option('--out <file>', 'write them to a file instead of stdout'),
  ).action(async (jobId: string, flags: ResultsFlags) => {
    if (flags.format !== 'json' && flags.format !== 'csv')
      throw new CliError(EXIT.usage, '--format must be json or csv');
    const { docket } = await connect(flags);
    const text =
      flags.format === 'csv'
        ? await docket.jobs.results(jobId, 'csv')
        : `${JSON.stringify(await docket.jobs.results(jobId, 'json'), null, 2)}\n`;
    if (flags.out) await fs.writeFile(flags.out, text);
    else process.stdout.write(text);
  });
}
