/**
 * Managing tenants from the machine Docket runs on: `apps create`, `keys create` (and the
 * singular aliases), `oauth-clients create|list`.
 */
import type { Command } from 'commander';
import type { CredentialService } from '../../core/credentials.ts';
import { DocketError } from '../../core/errors.ts';
import type { OAuthService } from '../../core/oauth.ts';
import type { Clock, Store } from '../../core/ports.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { serviceConfig } from '../service-config.ts';

const splitScopes = (list: string) => list.split(/[\s,]+/).filter(Boolean);

/**
 * Opens just the store (no HTTP server, analyser threads or webhook worker) for an administrative
 * command, runs `work`, and closes the store again.
 */
async function withStore<T>(work: (store: Store, clock: Clock) => Promise<T>): Promise<T> {
  // Imported here so that other commands start without the database drivers.
  const [{ openAdapters }, { systemClock }] = await Promise.all([
    import('../../adapters/open.ts'),
    import('../../core/clock.ts'),
  ]);
  const clock = systemClock();
  const { store, queue, blobs } = await openAdapters(serviceConfig(), clock);
  try {
    return await work(store, clock);
  } catch (error) {
    if (error instanceof DocketError && (error.kind === 'not_found' || error.kind === 'invalid'))
      throw new CliError(EXIT.usage, error.message);
    throw error;
  } finally {
    await queue.close();
    await blobs.close();
    await store.close();
  }
}

/** {@link withStore} with the credential and OAuth services. */
async function withCredentials<T>(
  work: (credentials: CredentialService, oauth: OAuthService) => Promise<T>,
): Promise<T> {
  const [{ CredentialService }, { OAuthService }] = await Promise.all([
    import('../../core/credentials.ts'),
    import('../../core/oauth.ts'),
  ]);
  return withStore((store, clock) =>
    work(new CredentialService(store, clock), new OAuthService(store, clock)),
  );
}

export function adminCommands(program: Command): void {
  const apps = program.command('apps').alias('app').description('manage applications (tenants)');
  apps
    .command('create <name>')
    .description('create an application; prints its API key and webhook signature key once (JSON)')
    .action(async (name: string) => {
      const created = await withCredentials((credentials) => credentials.createApplication(name));
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    });

  apps
    .command('credit-limit <application-id> <credits>')
    .description(
      'set the most template credits (1 per page) the application may use; "none" removes the limit',
    )
    .action(async (applicationId: string, credits: string) => {
      const limit = /^none$/i.test(credits) ? null : Number(credits);
      if (limit !== null && (!Number.isInteger(limit) || limit < 0)) {
        throw new CliError(
          EXIT.usage,
          `credits must be a whole number ≥ 0 or "none", not ${JSON.stringify(credits)}`,
        );
      }
      await withStore(async (store, clock) => {
        if (!(await store.applications.get(applicationId))) {
          throw new DocketError(
            'not_found',
            'application_not_found',
            `no application with id ${applicationId}`,
          );
        }
        await store.usage.setCreditLimit(applicationId, limit, clock.now());
      });
      process.stdout.write(`${JSON.stringify({ application_id: applicationId, credit_limit: limit })}\n`);
    });

  const keys = program.command('keys').alias('key').description('manage API keys');
  keys
    .command('create <application-id>')
    .option('--name <name>', 'a label for the key', 'cli')
    .option(
      '--scopes <scopes>',
      'restrict the key to these scopes (comma- or space-separated), e.g. read:documents',
    )
    .description('create another API key for an application; prints it once')
    .action(async (applicationId: string, options: { name: string; scopes?: string }) => {
      const scopes = options.scopes === undefined ? null : splitScopes(options.scopes);
      const apiKey = await withCredentials((credentials) =>
        credentials.createApiKey(applicationId, options.name, scopes),
      );
      process.stdout.write(`${apiKey}\n`);
    });

  const clients = program
    .command('oauth-clients')
    .alias('oauth-client')
    .description('manage OAuth2 clients (client credentials, seed 003 integrations)');
  clients
    .command('create <application-id>')
    .requiredOption(
      '--scopes <scopes>',
      'what its tokens may do (comma- or space-separated): read:documents, write:document_integrations, write:documents, read:webhooks, write:webhooks',
    )
    .option('--name <name>', 'a label for the client', 'cli')
    .description('create an OAuth2 client; prints its client_id and client_secret once (JSON)')
    .action(async (applicationId: string, options: { name: string; scopes: string }) => {
      const created = await withCredentials((_credentials, oauth) =>
        oauth.createClient(applicationId, options.name, splitScopes(options.scopes)),
      );
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    });
  clients
    .command('list <application-id>')
    .description("list an application's OAuth2 clients (JSON, without secrets)")
    .action(async (applicationId: string) => {
      const listed = await withCredentials((_credentials, oauth) => oauth.listClients(applicationId));
      const rows = listed.map((c) => ({
        client_id: c.id,
        name: c.name,
        scopes: c.scopes,
        created_at: c.createdAt.toISOString(),
        revoked_at: c.revokedAt?.toISOString() ?? null,
      }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    });
}
