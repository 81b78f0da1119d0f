import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { Checkpointer, SAFETY_NET_PAGES } from './checkpointer.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';

const key = { key: 'whsec_x', createdAt: new Date(0), expiresAt: null };

describe('WAL checkpoints on a thread of their own', () => {
  it('copies committed pages into the database without the committing connection doing it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-ckpt-'));
    const file = path.join(dir, 'docket.db');
    const database = openSqlite(file);
    const checkpointer = new Checkpointer({ file });
    const store = await SqliteStore.open({
      database,
      clock: manualClock(),
      signal: new TaskSignal(),
      checkpointer,
    });
    try {
      expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_NET_PAGES);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transaction((tx) =>
            tx.applications.insert({ id: `app-${i}`, name: `n${i}`, createdAt: new Date(0) }, key),
          ),
        ),
      );
      const deadline = Date.now() + 10_000;
      while (checkpointer.runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(checkpointer.runs).toBeGreaterThan(0);
      // The database file alone (a copy without its WAL) already holds the rows.
      const copy = path.join(dir, 'copy.db');
      await fs.copyFile(file, copy);
      const alone = new BetterSqlite3(copy, { readonly: true });
      expect(alone.prepare('select count(*) as n from applications').get()).toEqual({ n: 50 });
      alone.close();
    } finally {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
