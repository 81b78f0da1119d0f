/**
 * Seed 003's documents: the review and synchronisation state of each validated document (its id
 * is its record's), and every status report the customer's system sent about it.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function documents(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('patient', 'text', (c) => c.notNull())
        .addColumn('document_date', 'text')
        .addColumn('validated_by', 'text')
        .addColumn('synchronized', 'integer', (c) => c.notNull())
        .addColumn('synchronized_at', t.big)
        .addColumn('last_sync_requested_at', t.big)
        .addColumn('last_report', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('documents_polling')
        .on('documents')
        .columns(['application_id', 'synchronized', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('document_status_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('directory', 'text')
        .addColumn('path', 'text')
        .addColumn('reported_at', t.big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('document_status_reports_document')
        .on('document_status_reports')
        .columns(['document_id', 'reported_at'])
        .execute();
    },
  };
}
