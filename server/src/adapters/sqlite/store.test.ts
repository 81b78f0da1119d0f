import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';

async function open() {
  return SqliteStore.open({
    database: openSqlite(':memory:'),
    clock: manualClock(),
    signal: new TaskSignal(),
  });
}

const app = { id: 'app-1', name: 'test', createdAt: new Date(0) };
const key = { key: 'whsec_x', createdAt: new Date(0), expiresAt: null };

describe('SQLite store group commit', () => {
  it('commits concurrent transactions together but fails only the one that threw', async () => {
    const store = await open();
    try {
      await store.applications.insert(app, key);
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
      const names = (await store.applications.list()).map((a) => a.name).sort();
      expect(names).toEqual(['a', 'c', 'test']);
    } finally {
      await store.close();
    }
  });

  it('a unit that breaks a constraint is rolled back alone', async () => {
    const store = await open();
    try {
      const results = await Promise.allSettled([
        store.transaction((tx) => tx.applications.insert(app, key)),
        store.transaction((tx) => tx.applications.insert(app, key)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await store.applications.list()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('runs with WAL and synchronous=FULL', () => {
    const db = openSqlite(':memory:');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
