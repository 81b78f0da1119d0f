/**
 * Small uploaded files kept in the database itself (the embedded store's inline blobs, see
 * sqlite/inline-blob-store.ts): the bytes commit with the same WAL fsync as the rows written
 * beside them, instead of a file create, fsync, rename and directory fsync of their own.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function inlineBlobs(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('inline_blobs')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('data', t.bytes, (c) => c.notNull())
        .execute();
    },
  };
}
