/**
 * Seed 002's template platform: the templates an application extracts with (their definition is
 * opaque JSON to the store; the engine's schema validates it at the API), an optional credit limit
 * per application, and the indexes its job lookups need: a job's deliveries (for its status) and
 * an application's completed template jobs by completion time (for credits per day).
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function templates(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('templates_app_created')
        .on('templates')
        .columns(['application_id', 'created_at', 'id'])
        .execute();

      await db.schema
        .createTable('credit_limits')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
        .addColumn('credit_limit', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();

      // A job's deliveries are found by record through 0031's `deliveries_record (record_id, status)`.
      await db.schema
        .createIndex('records_app_kind_completed')
        .on('records')
        .columns(['application_id', 'kind', 'completed_at'])
        .execute();
    },
  };
}
