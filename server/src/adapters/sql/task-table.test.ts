import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { LeaseLostError } from '../../core/errors.ts';
import { openSqlite } from '../sqlite/database.ts';
import { SqliteStore } from '../sqlite/store.ts';
import { LEASE_SCAN_MAX_MS, type SqlTaskQueue, TaskSignal } from './task-table.ts';

let clock: ReturnType<typeof manualClock>;
let store: SqliteStore;
let queue: SqlTaskQueue;
let signal: TaskSignal;

beforeEach(async () => {
  clock = manualClock();
  signal = new TaskSignal();
  store = await SqliteStore.open({ database: openSqlite(':memory:'), clock, signal });
  queue = store.taskQueue();
});
afterEach(() => store.close());

describe('the embedded job table', () => {
  it('wakes listeners when a transaction that enqueued commits, not before', async () => {
    let woken = 0;
    queue.onReady(() => woken++);
    await store.transaction(async (tx) => {
      await tx.tasks.enqueue({ type: 'a', payload: { n: 1 } });
      expect(woken).toBe(0);
    });
    expect(woken).toBe(1);
  });

  it('tells the listeners which task types a commit enqueued', async () => {
    const told: string[][] = [];
    queue.onReady((types) => told.push(types ? [...types].sort() : ['any']));
    await store.transaction(async (tx) => {
      await tx.tasks.enqueue({ type: 'b', payload: {} });
      await tx.tasks.enqueue({ type: 'a', payload: {} });
    });
    await store.tasks.enqueue({ type: 'c', payload: {} });
    expect(told).toEqual([['a', 'b'], ['c']]);
  });

  it('reclaims every expired lease once it ends, however many claims came between', async () => {
    await store.tasks.enqueue({ type: 'a', payload: { n: 1 } });
    const [first] = await queue.claim(['a'], 10, 1000);
    clock.advance(500);
    await store.tasks.enqueue({ type: 'a', payload: { n: 2 } });
    const [second] = await queue.claim(['a'], 10, 1000);
    for (const step of [100, 300]) {
      clock.advance(step);
      expect(await queue.claim(['a'], 10, 1000)).toEqual([]);
    }
    clock.advance(101); // 1001: the first lease has ended, the second not yet
    expect((await queue.claim(['a'], 10, 1000)).map((t) => t.id)).toEqual([first!.id]);
    clock.advance(200);
    expect(await queue.claim(['a'], 10, 1000)).toEqual([]);
    clock.advance(300); // 1501
    expect((await queue.claim(['a'], 10, 1000)).map((t) => t.id)).toEqual([second!.id]);
  });

  it('reclaims a lease another claimer (another process) took after its own last scan', async () => {
    const other = store.taskQueue();
    expect(await queue.claim(['a'], 10, 1000)).toEqual([]);
    clock.advance(100);
    await store.tasks.enqueue({ type: 'a', payload: {} });
    const [theirs] = await other.claim(['a'], 10, 1000);
    clock.advance(901); // 1001: our own scan is due; their lease ends at 1100
    expect(await queue.claim(['a'], 10, 1000)).toEqual([]);
    clock.advance(100); // 1101
    expect((await queue.claim(['a'], 10, 1000)).map((t) => t.id)).toEqual([theirs!.id]);
  });

  it('reclaims a lease cut short behind its back within LEASE_SCAN_MAX_MS', async () => {
    await store.tasks.enqueue({ type: 'a', payload: {} });
    const [task] = await queue.claim(['a'], 10, 60_000);
    await store.kysely.updateTable('tasks').set({ leased_until: 0 }).where('id', '=', task!.id).execute();
    clock.advance(LEASE_SCAN_MAX_MS);
    expect((await queue.claim(['a'], 10, 60_000)).map((t) => t.id)).toEqual([task!.id]);
  });

  it('a rolled-back transaction leaves no task behind', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.tasks.enqueue({ type: 'a', payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queue.claim(['a'], 10, 1000)).toEqual([]);
  });

  it('leases a task to one claimer until the lease expires, then reclaims it with a new token', async () => {
    await store.tasks.enqueue({ type: 'a', payload: { n: 1 } });
    const [first] = await queue.claim(['a'], 10, 1000);
    expect(first).toMatchObject({ type: 'a', payload: { n: 1 }, attempts: 1 });
    expect(await queue.claim(['a'], 10, 1000)).toEqual([]);

    clock.advance(1001);
    const [second] = await queue.claim(['a'], 10, 1000);
    expect(second!.id).toBe(first!.id);
    expect(second!.attempts).toBe(2);
    expect(second!.leaseToken).toBeGreaterThan(first!.leaseToken);

    // The first holder's lease is fenced off: it can neither renew nor complete.
    expect(await queue.renew(first!, 1000)).toBe(false);
    expect(await queue.complete(first!)).toBe(false);
    await expect(store.transaction((tx) => tx.tasks.complete(first!))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await queue.complete(second!)).toBe(true);
    expect(await queue.nextRunAt(['a'])).toBeNull();
  });

  it('renewing keeps a lease alive past its first expiry', async () => {
    await store.tasks.enqueue({ type: 'a', payload: {} });
    const [task] = await queue.claim(['a'], 1, 1000);
    clock.advance(800);
    expect(await queue.renew(task!, 1000)).toBe(true);
    clock.advance(800);
    expect(await queue.claim(['a'], 1, 1000)).toEqual([]);
  });

  it('honours run_at, orders by it, and tells the earliest time', async () => {
    const later = new Date(clock.now().getTime() + 5000);
    await store.tasks.enqueue({ type: 'a', payload: { n: 'later' }, runAt: later });
    await store.tasks.enqueue({ type: 'a', payload: { n: 'now' } });
    expect((await queue.nextRunAt(['a']))!.getTime()).toBe(clock.now().getTime());
    const claimed = await queue.claim(['a'], 10, 1000);
    expect(claimed.map((t) => t.payload.n)).toEqual(['now']);
    // The leased task could be reclaimed when its lease ends, before the later one is due.
    expect((await queue.nextRunAt(['a']))!.getTime()).toBe(clock.now().getTime() + 1000);
    await queue.complete(claimed[0]!);
    expect((await queue.nextRunAt(['a']))!.getTime()).toBe(later.getTime());
    clock.advance(5000);
    expect((await queue.claim(['a'], 10, 1000)).map((t) => t.payload.n)).toEqual(['later']);
  });

  it('claims only the requested types and respects the limit', async () => {
    for (let i = 0; i < 5; i++) await store.tasks.enqueue({ type: 'a', payload: { i } });
    await store.tasks.enqueue({ type: 'b', payload: {} });
    expect(await queue.claim(['a'], 3, 1000)).toHaveLength(3);
    expect((await queue.claim(['b'], 10, 1000)).map((t) => t.type)).toEqual(['b']);
  });

  it('ignores a second enqueue with the same idempotency key', async () => {
    await store.tasks.enqueue({ type: 'a', payload: {}, idempotencyKey: 'k' });
    await store.tasks.enqueue({ type: 'a', payload: {}, idempotencyKey: 'k' });
    expect(await queue.claim(['a'], 10, 1000)).toHaveLength(1);
  });

  it('retry puts a task back for later; bury keeps it as dead; release undoes the claim', async () => {
    await store.tasks.enqueue({ type: 'a', payload: { n: 1 } });
    const [task] = await queue.claim(['a'], 1, 1000);
    expect(await queue.retry(task!, new Date(clock.now().getTime() + 2000), 'flaky')).toBe(true);
    expect(await queue.claim(['a'], 1, 1000)).toEqual([]);
    clock.advance(2000);
    const [again] = await queue.claim(['a'], 1, 1000);
    expect(again!.attempts).toBe(2);
    await queue.release(again!);
    const [third] = await queue.claim(['a'], 1, 1000);
    expect(third!.attempts).toBe(2);
    expect(await queue.bury(third!, 'gave up')).toBe(true);
    clock.advance(10_000);
    expect(await queue.claim(['a'], 1, 1000)).toEqual([]);
  });

  it('a fair claim seeks the lane index instead of sorting every waiting task', async () => {
    const database = openSqlite(':memory:');
    const statements: string[] = [];
    const prepare = database.prepare.bind(database);
    database.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof database.prepare;
    const own = await SqliteStore.open({ database, clock, signal: new TaskSignal() });
    try {
      await own.transaction(async (tx) => {
        for (let i = 0; i < 50; i++)
          await tx.tasks.enqueue({ type: 'a', payload: { i }, lane: `app${i % 3}` });
      });
      const claimed = await own.taskQueue().claim(['a'], 3, 1000, { fair: true });
      expect(claimed.map((t) => t.payload.i)).toEqual([0, 1, 2]); // one per lane, oldest first
      const picks = statements.filter((s) => s.startsWith('select "id", "lane" from "tasks"'));
      expect(picks.length).toBeGreaterThan(0);
      for (const pick of new Set(picks)) {
        const plan = database
          .prepare(`explain query plan ${pick}`)
          .all(
            ...pick
              .split('?')
              .slice(1)
              .map(() => 0),
          )
          .map((row) => (row as { detail: string }).detail)
          .join('; ');
        expect(plan).toContain('tasks_lane_ready');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    } finally {
      await own.close();
    }
  });
});
