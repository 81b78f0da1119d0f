#!/usr/bin/env node
/** The `docket` command: run the service (all, API only, worker only) and manage applications. */
import { Command } from 'commander';
import { openAdapters } from '../adapters/open.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { systemClock } from '../core/clock.ts';
import { CredentialService } from '../core/credentials.ts';
import { bootstrapCredentials, createDocket, type Role } from '../main.ts';

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`docket: configuration error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Opens just the store (no HTTP server, analyser threads or webhook worker) for an administrative
 * command, runs it with the credential service, and closes the store again.
 */
async function withCredentials<T>(work: (credentials: CredentialService) => Promise<T>): Promise<T> {
  const clock = systemClock();
  const { store, queue, blobs } = await openAdapters(config(), clock);
  try {
    return await work(new CredentialService(store, clock));
  } finally {
    await queue.close();
    await blobs.close();
    await store.close();
  }
}

async function run(role: Role): Promise<void> {
  const docket = await createDocket(config(), { role });
  const created = await bootstrapCredentials(docket);
  if (created) {
    process.stdout.write(
      [
        'Docket created the default application. These credentials are shown once',
        `(also saved to ${docket.config.dataDir}/credentials.json, mode 0600):`,
        `  application_id:        ${created.application_id}`,
        `  api_key:               ${created.api_key}`,
        `  webhook_signature_key: ${created.webhook_signature_key}`,
        '',
      ].join('\n'),
    );
  }
  const address = await docket.start();
  process.stdout.write(
    `docket ${role === 'all' ? 'api+worker' : role} ready${address ? ` on ${address}` : ''}\n`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`docket: ${signal} received, finishing in-flight work\n`);
    docket.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`docket: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const program = new Command('docket').description('Asynchronous document analysis with webhook delivery');
program
  .command('start')
  .description('run the HTTP API and the worker in one process')
  .action(() => run('all'));
program
  .command('api')
  .description('run only the HTTP API')
  .action(() => run('api'));
program
  .command('worker')
  .description('run only the worker')
  .action(() => run('worker'));

const app = program.command('app').description('manage applications (tenants)');
app
  .command('create <name>')
  .description('create an application; prints its API key and webhook signature key once')
  .action(async (name: string) => {
    const created = await withCredentials((credentials) => credentials.createApplication(name));
    process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
  });
const key = program.command('key').description('manage API keys');
key
  .command('create <application-id>')
  .option('--name <name>', 'a label for the key', 'cli')
  .description('create another API key for an application; prints it once')
  .action(async (applicationId: string, options: { name: string }) => {
    const apiKey = await withCredentials((credentials) =>
      credentials.createApiKey(applicationId, options.name),
    );
    process.stdout.write(`${apiKey}\n`);
  });

await program.parseAsync();
