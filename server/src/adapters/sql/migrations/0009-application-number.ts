/**
 * A stable integer for every application, next to its UUID: seed 001's receivers unmarshal the
 * webhook's `application_id` as an int64. Numbers come from `application_numbers`, whose key is a
 * sequence on PostgreSQL (bigserial) and AUTOINCREMENT on SQLite, so a number is never handed out
 * twice, even if an application were removed. The number is kept on the application and copied
 * onto each record when the record is written, so a webhook renders it without another read.
 * Existing applications are numbered in the order they were created, and their records get it.
 */
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function applicationNumber(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      const numbers = db.schema.createTable('application_numbers');
      await (dialect === 'postgres'
        ? numbers.addColumn('number', 'bigserial', (c) => c.primaryKey())
        : numbers.addColumn('number', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('application_id', 'text', (c) => c.notNull().unique())
        .execute();
      await sql`insert into application_numbers (application_id)
        select id from applications order by created_at, id`.execute(db);

      await db.schema.alterTable('applications').addColumn('number', t.big).execute();
      await sql`update applications set number =
        (select n.number from application_numbers n where n.application_id = applications.id)`.execute(db);
      await db.schema
        .createIndex('applications_number')
        .on('applications')
        .column('number')
        .unique()
        .execute();

      await db.schema.alterTable('records').addColumn('application_number', t.big).execute();
      await sql`update records set application_number =
        (select a.number from applications a where a.id = records.application_id)`.execute(db);
    },
  };
}
