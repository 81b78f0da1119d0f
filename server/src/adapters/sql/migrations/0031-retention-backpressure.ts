/**
 * Retention and backpressure (issue 17):
 *
 * - `application_settings`: an application's own queue cap and retention policy; a null column
 *   means the instance default (config);
 * - on records, when and why their file was deleted and when their result was, so a record whose
 *   file is gone says so;
 * - partial indexes that hold only what the sweeps and the queue caps look at: the backlog
 *   (queued or processing), finished records that still have a file, finished records that
 *   still have a result. Each stays as small as what it lists, however many records there are;
 * - deliveries and events by record, for "delivered yet?" and for deleting a result's copies.
 */
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function retentionAndBackpressure(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('application_settings')
        .addColumn('application_id', 'text', (c) => c.primaryKey())
        .addColumn('queue_cap', 'integer')
        .addColumn('delete_file_after_delivery', 'integer')
        .addColumn('file_retention_days', 'integer')
        .addColumn('result_retention_days', 'integer')
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();

      await db.schema.alterTable('records').addColumn('file_deleted_at', t.big).execute();
      await db.schema.alterTable('records').addColumn('file_deleted_reason', 'text').execute();
      await db.schema.alterTable('records').addColumn('result_deleted_at', t.big).execute();

      await db.schema
        .createIndex('records_backlog')
        .on('records')
        .columns(['application_id', 'status', 'created_at'])
        .where(sql<boolean>`status in ('queued', 'processing')`)
        .execute();
      await db.schema
        .createIndex('records_with_file')
        .on('records')
        .columns(['application_id', 'completed_at'])
        .where(sql<boolean>`blob_key is not null and completed_at is not null`)
        .execute();
      await db.schema
        .createIndex('records_with_result')
        .on('records')
        .columns(['application_id', 'completed_at'])
        .where(sql<boolean>`result is not null and completed_at is not null`)
        .execute();
      await db.schema
        .createIndex('deliveries_record')
        .on('deliveries')
        .columns(['record_id', 'status'])
        .execute();
      await db.schema.createIndex('events_record').on('events').column('record_id').execute();
    },
  };
}
