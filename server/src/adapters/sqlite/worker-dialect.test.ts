import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { isUniqueViolation } from '../sql/errors.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';

const key = { key: 'whsec_x', createdAt: new Date(0), expiresAt: null };
let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-sqlite-'));
  store = await SqliteStore.open({
    database: openSqlite(path.join(dir, 'docket.db')),
    writerThread: true,
    clock: manualClock(),
    signal: new TaskSignal(),
  });
});

afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('SQLite store on a file (write connection in a worker thread)', () => {
  it('writes with synchronous=FULL in WAL mode, from the writer thread', async () => {
    expect(store.kysely.getExecutor().adapter.constructor.name).toBe('WorkerSqliteAdapter');
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.kysely);
    expect(rows[0]?.synchronous).toBe(2);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.kysely);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
  });

  it('group-commits concurrent transactions, fails only the one that threw, and reads see commits', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async (tx) => {
          await tx.applications.insert({ id: `app-${name}`, name, createdAt: new Date(0) }, key);
          if (name === 'b') throw new Error('b fails');
          return name;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.applications.list()).map((a) => a.name).sort()).toEqual(['a', 'c']);
  });

  it('keeps SQLite error codes, so constraint violations are recognised', async () => {
    const app = { id: 'app-1', name: 'one', createdAt: new Date(0) };
    await store.applications.insert(app, key);
    const error = await store.transaction((tx) => tx.applications.insert(app, key)).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await store.applications.list()).toHaveLength(1);
  });

  it('a Kysely transaction is atomic and not interleaved with other writes', async () => {
    const inTx = store.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('applications')
        .values({ id: 'tx-1', name: 'tx', signing_keys: '[]', created_at: 0 })
        .execute();
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('roll back');
    });
    const outside = store.applications.insert({ id: 'out-1', name: 'outside', createdAt: new Date(0) }, key);
    await expect(inTx).rejects.toThrow('roll back');
    await outside;
    expect((await store.applications.list()).map((a) => a.id)).toEqual(['out-1']);
  });

  it('the calling thread cannot write through its read connection', () => {
    const reader = openSqlite(path.join(dir, 'docket.db'));
    reader.pragma('query_only = 1');
    expect(() => reader.prepare('delete from applications').run()).toThrow();
    reader.close();
  });
});
