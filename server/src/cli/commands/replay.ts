/**
 * `docket replay`: send deliveries again — named ones, the whole failure queue (of one endpoint),
 * or everything that failed for an endpoint since a time — optionally waiting for the outcome.
 */
import type { Delivery, Docket } from '@docket/sdk';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, withConnectionOptions } from '../connection.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { printJson, table } from '../output.ts';

interface ReplayFlags extends ConnectionFlags {
  failed?: boolean;
  endpoint?: string;
  since?: string;
  wait?: boolean;
  timeout: string;
  json?: boolean;
}

/** Polls each delivery until it is no longer pending (or the time is up). */
async function settle(docket: Docket, deliveries: Delivery[], timeoutMs: number): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  const settled: Delivery[] = [];
  for (const delivery of deliveries) {
    let current = delivery;
    for (
      let wait = 100;
      current.status === 'pending' && Date.now() < deadline;
      wait = Math.min(2000, wait * 1.5)
    ) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      current = await docket.deliveries.get(delivery.id);
    }
    settled.push(current);
  }
  return settled;
}

function print(deliveries: Delivery[], json: boolean | undefined): void {
  if (json) {
    printJson(deliveries);
    return;
  }
  process.stdout.write(
    table(
      ['DELIVERY', 'ENDPOINT', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST ERROR'],
      deliveries.map((d) => [d.id, d.endpoint_id, d.event_type, d.status, d.attempts, d.last_error]),
    ),
  );
}

export function replayCommand(program: Command): void {
  withConnectionOptions(
    program
      .command('replay [delivery-ids...]')
      .description(
        'send deliveries again: the ones named, --failed (the failure queue), or --endpoint ID --since TIME',
      )
      .option('--failed', 'every delivery in the failure queue (of --endpoint, if given)')
      .option('--endpoint <id>', 'only this endpoint')
      .option('--since <time>', 'with --endpoint: everything that failed since this ISO 8601 time')
      .option('--wait', 'wait for the replayed deliveries; exit 1 if any failed again')
      .option('--timeout <seconds>', 'longest wait with --wait', '120')
      .option('--json', 'print the deliveries as JSON'),
  ).action(async (ids: string[], flags: ReplayFlags) => {
    const modes = [ids.length > 0, flags.failed === true, flags.since !== undefined].filter(Boolean).length;
    if (modes !== 1)
      throw new CliError(EXIT.usage, 'name delivery ids, or pass --failed, or --endpoint ID --since TIME');
    const { docket } = await connect(flags);
    if (flags.since !== undefined) {
      if (!flags.endpoint) throw new CliError(EXIT.usage, '--since needs --endpoint');
      if (Number.isNaN(Date.parse(flags.since)))
        throw new CliError(EXIT.usage, '--since must be an ISO 8601 time');
      const { reopened } = await docket.endpoints.recover(flags.endpoint, new Date(flags.since));
      if (flags.json) printJson({ reopened });
      else process.stdout.write(`reopened ${reopened} failed deliveries of endpoint ${flags.endpoint}\n`);
      return;
    }
    const targets = flags.failed
      ? (
          await docket.deliveries
            .list({ status: 'failed', ...(flags.endpoint ? { endpoint_id: flags.endpoint } : {}) })
            .toArray()
        ).map((d) => d.id)
      : ids;
    let replayed: Delivery[] = [];
    for (const id of targets) replayed.push(await docket.deliveries.replay(id));
    if (flags.wait) replayed = await settle(docket, replayed, Number(flags.timeout) * 1000);
    print(replayed, flags.json);
    if (flags.wait && replayed.some((d) => d.status !== 'succeeded')) process.exitCode = EXIT.failed;
  });
}
