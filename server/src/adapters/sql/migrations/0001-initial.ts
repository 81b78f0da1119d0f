/** Applications, API keys, records, events, idempotency keys and the job table. */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function initial(dialect: SqlDialectName): Migration {
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
