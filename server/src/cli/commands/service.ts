/** Running Docket itself: `start`, `api`, `worker`, `migrate`, and `openapi` (the API's document). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Role } from '../../main.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { serviceConfig } from '../service-config.ts';

// The service itself is imported when a command runs it, so the client commands and --help
// start without loading the server, the database drivers and the analysers.
const server = () => import('../../main.ts');

async function run(role: Role): Promise<void> {
  const { bootstrapCredentials, createDocket } = await server();
  const docket = await createDocket(serviceConfig(), { role });
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
  let address: string | null;
  try {
    address = await docket.start();
  } catch (error) {
    // Close what createDocket opened (store, threads), or the process would stay up doing nothing.
    await docket.stop().catch(() => {});
    throw startFailure(error, docket.config.host, docket.config.port);
  }
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

/** A port that cannot be bound is a configuration error, said in a line; anything else as it is. */
function startFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new CliError(
      EXIT.config,
      `cannot listen on ${host}:${port}: the port is already in use; stop the process using it or set DOCKET_PORT to a free port`,
    );
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new CliError(
      EXIT.config,
      `cannot listen on ${host}:${port} (${code}): choose a port this user may bind (DOCKET_PORT, above 1023) and an address of this machine (DOCKET_HOST)`,
    );
  }
  return error;
}

/** Opening the store runs the migrations (serialised by a lock); closing it again is all that is left. */
async function migrate(): Promise<void> {
  const [{ openAdapters }, { systemClock }] = await Promise.all([
    import('../../adapters/open.ts'),
    import('../../core/clock.ts'),
  ]);
  const { store, queue, blobs } = await openAdapters(serviceConfig(), systemClock());
  await queue.close();
  await blobs.close();
  await store.close();
  process.stdout.write('docket: the database schema is up to date\n');
}

/**
 * The OpenAPI document, built from the routes' schemas by a Docket that never listens, on a
 * throw-away embedded database, so the document depends on the code alone and not on the
 * environment (the SDK's types are generated from it).
 */
export async function openApiDocument(): Promise<unknown> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-openapi-'));
  try {
    const config = serviceConfig({ DOCKET_DATA_DIR: dataDir, DOCKET_LOG_LEVEL: 'silent' });
    const [{ createDocket }, { default: pino }] = await Promise.all([server(), import('pino')]);
    const docket = await createDocket(config, { role: 'api', logger: pino({ level: 'silent' }) });
    try {
      await docket.server!.ready();
      return docket.server!.swagger();
    } finally {
      await docket.stop();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

export function serviceCommands(program: Command): void {
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
    .description('run only the worker (analysis, webhook deliveries)')
    .action(() => run('worker'));
  program
    .command('migrate')
    .description('bring the database schema up to date and exit (every process also does this on start)')
    .action(migrate);
  program
    .command('openapi')
    .description("print Docket's OpenAPI document (what /openapi.json serves) without starting Docket")
    .option('--out <file>', 'write it to a file instead of stdout')
    .action(async (options: { out?: string }) => {
      const text = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
      if (options.out) await fs.writeFile(options.out, text);
      else process.stdout.write(text);
    });
}
