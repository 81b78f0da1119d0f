import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';
import { type DurableLog, WalSync } from './wal-sync.ts';

const key = { key: 'whsec_x', createdAt: new Date(0), expiresAt: null };
const app = (id: string) => ({ id, name: id, createdAt: new Date(0) });

let dir: string;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function fileStore(walSync?: DurableLog) {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-wal-'));
  const file = path.join(dir, 'docket.db');
  const database = openSqlite(file);
  const store = await SqliteStore.open({ database, clock: manualClock(), signal: new TaskSignal(), walSync });
  return { store, file, database };
}

/** A WAL sync that finishes only when told to (every sync waiting then). */
function heldSync() {
  let waiting: ((error?: Error) => void)[] = [];
  let calls = 0;
  const log: DurableLog = {
    sync: () => {
      calls++;
      return new Promise<void>((resolve, reject) => {
        waiting.push((error) => (error ? reject(error) : resolve()));
      });
    },
    close: async () => {},
  };
  const release = (error?: Error) => {
    for (const settle of waiting) settle(error);
    waiting = [];
  };
  return { log, release, calls: () => calls };
}

const settledYet = async (promise: Promise<unknown>) => {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setTimeout(r, 20));
  return settled;
};

describe('group commits on a database file', () => {
  it('acknowledges a transaction only once its WAL is synced', async () => {
    const held = heldSync();
    const { store, file } = await fileStore(held.log);
    try {
      await store.applications.insert(app('setup'), key);
      const committing = store.transaction((tx) => tx.applications.insert(app('a'), key));
      expect(await settledYet(committing)).toBe(false);
      expect(held.calls()).toBe(1);
      // Committed (another connection sees it) but not acknowledged until the sync returns.
      const reader = new BetterSqlite3(file, { readonly: true });
      expect(reader.prepare('select count(*) as n from applications').get()).toEqual({ n: 2 });
      reader.close();
      held.release();
      await expect(committing).resolves.toMatchObject({ id: 'a' });
    } finally {
      await store.close();
    }
  });

  it('acknowledges a lease once the commits before it are durable, without a sync of its own', async () => {
    const held = heldSync();
    const { store } = await fileStore(held.log);
    try {
      const queue = store.taskQueue();
      const enqueued = store.transaction((tx) => tx.tasks.enqueue({ type: 't', payload: {} }));
      await new Promise((r) => setTimeout(r, 20));
      // The claim commits after the task's commit, whose sync is still running: it waits for it.
      const claimed = queue.claim(['t'], 1, 60_000);
      expect(await settledYet(claimed)).toBe(false);
      held.release();
      await enqueued;
      expect(await claimed).toHaveLength(1);
      const calls = held.calls();
      // Everything before it is durable now: a renewal needs no sync at all.
      const [task] = await claimed;
      await expect(queue.renew(task!, 60_000)).resolves.toBe(true);
      expect(held.calls()).toBe(calls);
      // Completing the task is durable work: it waits for its own sync.
      const completing = queue.complete(task!);
      expect(await settledYet(completing)).toBe(false);
      held.release();
      await expect(completing).resolves.toBe(true);
    } finally {
      await store.close();
    }
  });

  it('acknowledges a transaction marked durable: false without a sync of its own, after the ones before it', async () => {
    const held = heldSync();
    const { store } = await fileStore(held.log);
    try {
      const first = store.transaction((tx) => tx.applications.insert(app('a'), key));
      await new Promise((r) => setTimeout(r, 20));
      const light = store.transaction((tx) => tx.applications.insert(app('b'), key), { durable: false });
      // It committed after `a`, whose sync still runs: it waits for that one.
      expect(await settledYet(light)).toBe(false);
      held.release();
      await Promise.all([first, light]);
      const calls = held.calls();
      await expect(
        store.transaction((tx) => tx.applications.insert(app('c'), key), { durable: false }),
      ).resolves.toMatchObject({ id: 'c' });
      expect(held.calls()).toBe(calls);
    } finally {
      await store.close();
    }
  });

  it('gathers the units that arrive while a sync runs into one commit when it ends', async () => {
    const held = heldSync();
    // The fake's idle(): settled once no sync it handed out is still held.
    let idleWaiters: (() => void)[] = [];
    const log: DurableLog = {
      sync: () => held.log.sync(),
      idle: () =>
        held.calls() === released ? Promise.resolve() : new Promise((r) => idleWaiters.push(() => r())),
      close: async () => {},
    };
    let released = 0;
    const release = () => {
      released = held.calls();
      held.release();
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    };
    const { store, file } = await fileStore(log);
    try {
      const first = store.transaction((tx) => tx.applications.insert(app('a'), key));
      await new Promise((r) => setTimeout(r, 20));
      expect(held.calls()).toBe(1);
      const later: Promise<unknown>[] = [];
      for (const id of ['b', 'c', 'd']) {
        later.push(store.transaction((tx) => tx.applications.insert(app(id), key)));
        await new Promise((r) => setTimeout(r, 5)); // each in an event-loop turn of its own
      }
      // Not committed while the sync runs: another connection does not see them yet.
      const reader = new BetterSqlite3(file, { readonly: true });
      expect(reader.prepare('select count(*) as n from applications').get()).toEqual({ n: 1 });
      release();
      await first;
      await new Promise((r) => setTimeout(r, 20));
      expect(reader.prepare('select count(*) as n from applications').get()).toEqual({ n: 4 });
      reader.close();
      expect(held.calls()).toBe(2); // one commit, one sync for the three
      release();
      await Promise.all(later);
    } finally {
      await store.close();
    }
  });

  it('fails the units of a batch whose sync failed, without running them again', async () => {
    const held = heldSync();
    const { store } = await fileStore(held.log);
    try {
      let runs = 0;
      const committing = store.transaction(async (tx) => {
        runs++;
        await tx.applications.insert(app('b'), key);
      });
      await new Promise((r) => setTimeout(r, 20));
      held.release(new Error('EIO: i/o error, fdatasync'));
      await expect(committing).rejects.toThrow(/EIO/);
      expect(runs).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('keeps synchronous=FULL for statements outside group commits', async () => {
    const { store, database } = await fileStore();
    try {
      await store.transaction((tx) => tx.applications.insert(app('c'), key));
      expect(database.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('syncs the real WAL file, sharing one fdatasync among callers who arrive together', async () => {
    const { store, file } = await fileStore();
    const sync = new WalSync(file);
    try {
      await store.transaction((tx) => tx.applications.insert(app('d'), key));
      await Promise.all(Array.from({ length: 10 }, () => sync.sync()));
      // One started at once, one more for everyone who arrived while it ran.
      expect(sync.syncs).toBe(2);
    } finally {
      await sync.close();
      await store.close();
    }
  });

  it('refuses every sync after one failed, with a message that says to restart', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-wal-'));
    await fs.writeFile(path.join(dir, 'x.db-wal'), 'frames');
    const sync = new WalSync(path.join(dir, 'x.db'), {
      open: async () =>
        ({ datasync: async () => Promise.reject(new Error('EIO')), close: async () => {} }) as never,
      syncDirectory: async () => {},
    });
    await expect(sync.sync()).rejects.toThrow(/could not be synced to disk \(EIO\); restart Docket/);
    await expect(sync.sync()).rejects.toThrow(/restart Docket/);
  });
});
