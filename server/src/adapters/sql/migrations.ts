/**
 * Schema migrations for both SQL dialects, from one place. Each migration is written once with
 * Kysely's schema builder; the few dialect differences (auto-increment keys, 64-bit integers) are
 * resolved through `types(dialect)`.
 */
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { SqlDialectName } from './schema.ts';

interface ColumnTypes {
  /** Epoch milliseconds and other values beyond 32 bits. */
  big: 'bigint' | 'integer';
}

function types(dialect: SqlDialectName): ColumnTypes {
  return { big: dialect === 'postgres' ? 'bigint' : 'integer' };
}

function initial(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('signing_keys', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('revoked_at', t.big)
        .execute();

      await db.schema
        .createTable('records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('stage', 'text')
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('size_bytes', t.big, (c) => c.notNull())
        .addColumn('blob_key', 'text')
        .addColumn('application_user_id', 'text')
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('pages', 'integer')
        .addColumn('parent_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .addColumn('completed_at', t.big)
        .execute();
      await db.schema
        .createIndex('records_app_created')
        .on('records')
        .columns(['application_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('records_app_idempotency')
        .on('records')
        .columns(['application_id', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema.createIndex('records_parent').on('records').column('parent_id').execute();

      const events = db.schema.createTable('events');
      await (dialect === 'postgres'
        ? events.addColumn('seq', 'bigserial', (c) => c.primaryKey())
        : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_app_seq').on('events').columns(['application_id', 'seq']).execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['application_id', 'key'])
        .execute();

      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('run_at', t.big, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_token', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('leased_until', t.big)
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('last_error', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_ready').on('tasks').columns(['state', 'type', 'run_at']).execute();
      await db.schema.createIndex('tasks_leased').on('tasks').columns(['state', 'leased_until']).execute();
    },
  };
}

/** Webhook endpoints, deliveries (the failure queue is `status = 'failed'`) and the attempt log. */
function webhooks(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('retry_policy', 'text')
        .addColumn('timeout_ms', 'integer', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('disabled_reason', 'text')
        .addColumn('failing_since', t.big)
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('endpoints_app')
        .on('endpoints')
        .columns(['application_id', 'active'])
        .execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('endpoint_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('retry_preset', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', t.big)
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deliveries_app_status')
        .on('deliveries')
        .columns(['application_id', 'status', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('deliveries_endpoint')
        .on('deliveries')
        .columns(['endpoint_id', 'status', 'updated_at'])
        .execute();
      await db.schema
        .createIndex('deliveries_event_endpoint')
        .on('deliveries')
        .columns(['event_id', 'endpoint_id'])
        .unique()
        .execute();

      await db.schema
        .createTable('delivery_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('started_at', t.big, (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('response_excerpt', 'text')
        .execute();
      await db.schema
        .createIndex('delivery_attempts_delivery')
        .on('delivery_attempts')
        .columns(['delivery_id', 'number'])
        .execute();
    },
  };
}

/** Request counters for rate limits shared by many API processes. */
function rateLimits(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('window_start', t.big, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
        .execute();
    },
  };
}

/** Every migration in order; names sort lexically. Later modules append theirs here. */
export function migrations(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_webhooks': webhooks(dialect),
    '0003_rate_limits': rateLimits(dialect),
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
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
