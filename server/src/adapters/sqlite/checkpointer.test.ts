import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { Checkpointer, SAFETY_NET_PAGES } from './checkpointer.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';

const require = createRequire(import.meta.url);
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

  it('closes in a process that has nothing else to do, instead of the process exiting half way', async () => {
    // The thread is unref'd: unless close() holds the process open, Node exits (code 13, "unsettled
    // top-level await") before the thread has closed, and whatever follows close() never runs.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-ckpt-exit-'));
    const script = path.join(dir, 'close.ts');
    const checkpointerModule = new URL('./checkpointer.ts', import.meta.url).href;
    await fs.writeFile(
      script,
      [
        `import BetterSqlite3 from ${JSON.stringify(require.resolve('better-sqlite3'))};`,
        `import { Checkpointer } from ${JSON.stringify(checkpointerModule)};`,
        `const file = ${JSON.stringify(path.join(dir, 'docket.db'))};`,
        `const db = new BetterSqlite3(file); db.pragma('journal_mode = WAL'); db.exec('create table t (x)');`,
        `const checkpointer = new Checkpointer({ file });`,
        `db.exec('insert into t values (1)'); checkpointer.committed();`,
        `while (checkpointer.runs === 0) await new Promise((r) => setTimeout(r, 20));`,
        `await checkpointer.close(); db.close();`,
        `console.log('closed');`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });
});
