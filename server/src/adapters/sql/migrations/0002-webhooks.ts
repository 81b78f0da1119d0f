import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

/** Webhook endpoints, deliveries (the failure queue is `status = 'failed'`) and the attempt log. */
export function webhooks(dialect: SqlDialectName): Migration {
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
