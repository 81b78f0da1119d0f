/**
 * Schema migrations for both SQL dialects, from one place. Each migration is a file of its own in
 * `migrations/`, written once with Kysely's schema builder; the few dialect differences (auto-increment keys, 64-bit integers) are
 * resolved through `types(dialect)`.
 */
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { initial } from './migrations/0001-initial.ts';
import { webhooks } from './migrations/0002-webhooks.ts';
import { rateLimits } from './migrations/0003-rate-limits.ts';
import { productBindings } from './migrations/0004-product-bindings.ts';
import { applicationNumber } from './migrations/0009-application-number.ts';
import { documents } from './migrations/0010-documents.ts';
import { oauth } from './migrations/0011-oauth.ts';
import { templates } from './migrations/0020-templates.ts';
import { taskLanes } from './migrations/0030-task-lanes.ts';
import { retentionAndBackpressure } from './migrations/0031-retention-backpressure.ts';
import { inlineBlobs } from './migrations/0032-inline-blobs.ts';
import type { SqlDialectName } from './schema.ts';

/** Every migration in order; names sort lexically. A new migration is a new file in `migrations/` and one line here. */
export function migrations(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_webhooks': webhooks(dialect),
    '0003_rate_limits': rateLimits(dialect),
    '0004_product_bindings': productBindings(),
    '0009_application_number': applicationNumber(dialect),
    '0010_documents': documents(dialect),
    '0011_oauth': oauth(dialect),
    '0030_task_lanes': taskLanes(),
    '0031_retention_backpressure': retentionAndBackpressure(dialect),
    '0020_templates': templates(dialect),
    '0032_inline_blobs': inlineBlobs(dialect),
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // Migration numbers are reserved per change and merged in any order (0009 may land before
  // 0005–0008): a database that already ran a later-numbered one still takes the earlier ones.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  let { error, results } = await migrator.migrateToLatest();
  // Two processes starting together on one SQLite file (say `docket api` and `docket worker`)
  // can race on the same migration: the loser sees "already exists". Once the winner has
  // recorded it, running again finds nothing left to do. PostgreSQL serialises with a lock, so a
  // failure there is real and is reported at once.
  const retries = dialect === 'sqlite' ? 10 : 0;
  for (let retry = 1; error && retry <= retries; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * retry));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
