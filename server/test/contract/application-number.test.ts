/**
 * Application numbers (migration 0009) on every adapter set: assigned at creation, distinct under
 * concurrent creation, never reused, copied onto records; and the migration numbering the
 * applications and records of an existing database in creation order, on both SQL dialects.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations } from '../../src/adapters/sql/migrations.ts';
import type { SqlDialectName } from '../../src/adapters/sql/schema.ts';
import { SqlApplicationRepository } from '../../src/adapters/sql/tenant-repositories.ts';
import type { NewRecord, Store } from '../../src/core/ports.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { startTestS3, type TestS3 } from '../support/s3.ts';
import { adapterSets } from './adapter-sets.ts';

let pg_: TestPostgres | undefined;
let s3: TestS3 | undefined;

beforeAll(async () => {
  [pg_, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await pg_?.stop();
});

const sets = adapterSets(() => {
  if (!pg_ || !s3) throw new Error('services not started');
  return { pg: pg_, s3 };
});

const signingKey = () => ({ key: `whsec_${randomUUID()}`, createdAt: new Date(), expiresAt: null });

function recordOf(applicationId: string): NewRecord {
  return {
    id: randomUUID(),
    applicationId,
    kind: 'nutrition',
    mimeType: 'image/png',
    filename: null,
    sizeBytes: 10,
    blobKey: `uploads/${applicationId}/x`,
    applicationUserId: 'u',
    options: {},
    parentId: null,
    idempotencyKey: null,
    createdAt: new Date(),
  };
}

async function createApp(store: Store, name: string) {
  return store.transaction((tx) =>
    tx.applications.insert({ id: randomUUID(), name, createdAt: new Date() }, signingKey()),
  );
}

describe.each(sets)('application numbers: $name', (set) => {
  it('are assigned at creation, distinct when created at once, and copied onto records', async () => {
    const h = await set.open();
    try {
      const first = await createApp(h.store, 'first');
      const second = await createApp(h.store, 'second');
      expect(Number.isSafeInteger(first.number)).toBe(true);
      expect(second.number).toBeGreaterThan(first.number);
      const together = await Promise.all(Array.from({ length: 8 }, (_, i) => createApp(h.store, `app-${i}`)));
      const numbers = [first, second, ...together].map((a) => a.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      // A creation that rolls back may leave a gap; the next application never gets a used number.
      await expect(
        h.store.transaction(async (tx) => {
          await tx.applications.insert(
            { id: randomUUID(), name: 'gone', createdAt: new Date() },
            signingKey(),
          );
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const after = await createApp(h.store, 'after');
      expect(numbers).not.toContain(after.number);
      expect(after.number).toBeGreaterThan(Math.max(...numbers));

      expect(await h.store.applications.get(second.id)).toEqual(second);
      expect((await h.store.applications.list()).find((a) => a.id === first.id)?.number).toBe(first.number);
      const record = await h.store.records.insert(recordOf(second.id));
      expect(record.applicationNumber).toBe(second.number);
      expect((await h.store.records.getById(record.id))?.applicationNumber).toBe(second.number);
    } finally {
      await h.close();
    }
  });
});

/** A database as it was before migration 0009, with data, then migrated to the latest schema. */
async function migrateExisting(dialect: SqlDialectName, db: Kysely<any>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error } = await migrator.migrateTo('0004_product_bindings');
  if (error) throw error;
  // Created out of insertion order: numbering follows created_at.
  const apps = [
    { id: 'app-b', name: 'b', signing_keys: '[]', created_at: 2000 },
    { id: 'app-a', name: 'a', signing_keys: '[]', created_at: 1000 },
    { id: 'app-c', name: 'c', signing_keys: '[]', created_at: 3000 },
  ];
  await db.insertInto('applications').values(apps).execute();
  const record = (id: string, applicationId: string) => ({
    id,
    application_id: applicationId,
    kind: 'nutrition',
    status: 'completed',
    mime_type: 'image/png',
    size_bytes: 1,
    options: '{}',
    created_at: 1,
    updated_at: 1,
  });
  await db
    .insertInto('records')
    .values([record('r-1', 'app-a'), record('r-2', 'app-c'), record('r-3', 'app-a')])
    .execute();
  await migrateToLatest(db, dialect);
  const numbers = await db.selectFrom('applications').select(['id', 'number']).orderBy('id').execute();
  const records = await db.selectFrom('records').select(['id', 'application_number']).orderBy('id').execute();
  // The first application created after the migration continues the sequence.
  const next = await new SqlApplicationRepository(db).insert(
    { id: 'app-d', name: 'd', createdAt: new Date(4000) },
    signingKey(),
  );
  return {
    numbers: numbers.map((r) => [r.id, Number(r.number)]),
    records: records.map((r) => [r.id, Number(r.application_number)]),
    next: next.number,
  };
}

describe('migration 0009 numbers an existing database in creation order', () => {
  const expected = {
    numbers: [
      ['app-a', 1],
      ['app-b', 2],
      ['app-c', 3],
    ],
    records: [
      ['r-1', 1],
      ['r-2', 3],
      ['r-3', 1],
    ],
    next: 4,
  };

  it('on SQLite', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-0009-'));
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: new Database(path.join(dir, 'db')) }),
    });
    try {
      const result = await migrateExisting('sqlite', db);
      expect(result).toMatchObject(expected);
    } finally {
      await db.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: await pg_!.createDatabase('m0009') });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    try {
      const result = await migrateExisting('postgres', db);
      expect(result).toMatchObject(expected);
    } finally {
      await db.destroy();
    }
  });
});
