import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import type { HandoffAcceptor, LeasedTask } from '../../core/ports.ts';
import { WorkerRuntime } from '../../worker/runtime.ts';
import { type SqlTaskQueue, TaskSignal } from '../sql/task-table.ts';
import { openSqlite } from './database.ts';
import { SqliteStore } from './store.ts';
import type { DurableLog } from './wal-sync.ts';

/** A WAL sync the test holds until it lets it end, to see what waits for durability. */
function heldSync() {
  let release: () => void = () => {};
  let held = new Promise<void>((r) => (release = r));
  const log: DurableLog = {
    sync: () => held,
    idle: () => Promise.resolve(),
    close: async () => {},
  };
  return {
    log,
    release: () => {
      release();
      held = Promise.resolve();
    },
  };
}

/** An acceptor with one slot per reserve, recording what it was handed. */
function recordingAcceptor(options: { startRuns?: boolean } = {}) {
  const started: LeasedTask[] = [];
  let reserved = 0;
  let cancelled = 0;
  const acceptor: HandoffAcceptor = {
    reserve: () => {
      reserved++;
      return {
        leaseMs: 30_000,
        start: (task) => {
          if (options.startRuns !== false) started.push(task);
        },
        cancel: () => void cancelled++,
      };
    },
  };
  return {
    acceptor,
    started,
    get reserved() {
      return reserved;
    },
    get cancelled() {
      return cancelled;
    },
  };
}

let clock: ReturnType<typeof manualClock>;
let sync: ReturnType<typeof heldSync>;
let store: SqliteStore;
let queue: SqlTaskQueue;

beforeEach(async () => {
  clock = manualClock();
  sync = heldSync();
  store = await SqliteStore.open({
    database: openSqlite(':memory:'),
    clock,
    signal: new TaskSignal(),
    walSync: sync.log,
  });
  queue = store.taskQueue();
});
afterEach(async () => {
  sync.release();
  await store.close();
});

const taskRows = () =>
  store.kysely.selectFrom('tasks').select(['state', 'attempts', 'lease_token', 'leased_until']).execute();

describe('tasks handed from a commit to a worker of this process', () => {
  it('are written leased to the slot and start only once the commit is durable, without a wake-up', async () => {
    const worker = recordingAcceptor();
    queue.acceptHandoffs!(worker.acceptor);
    const woken: string[] = [];
    queue.onReady((types) => woken.push(...(types ?? ['any'])));

    const committed = store.transaction((tx) => tx.tasks.enqueue({ type: 'job', payload: { n: 1 } }));
    while ((await taskRows()).length === 0) await new Promise((r) => setTimeout(r, 1));
    expect(await taskRows()).toEqual([
      { state: 'leased', attempts: 1, lease_token: 1, leased_until: clock.now().getTime() + 30_000 },
    ]);
    await new Promise((r) => setTimeout(r, 10));
    expect(worker.started).toEqual([]); // committed, not yet on disk

    sync.release();
    await committed;
    expect(worker.started).toHaveLength(1);
    const [task] = worker.started;
    expect(task).toMatchObject({ type: 'job', payload: { n: 1 }, attempts: 1, leaseToken: 1 });
    expect(woken).toEqual([]);
    // The lease is real: completing under it works and removes the task.
    expect(await queue.complete(task!)).toBe(true);
    expect(await taskRows()).toEqual([]);
  });

  it('give the slot back when the transaction rolls back, and leave nothing behind', async () => {
    sync.release();
    const worker = recordingAcceptor();
    queue.acceptHandoffs!(worker.acceptor);
    await expect(
      store.transaction(async (tx) => {
        await tx.tasks.enqueue({ type: 'job', payload: {} });
        throw new Error('the upload was refused');
      }),
    ).rejects.toThrow('the upload was refused');
    // (Run again alone after the group commit failed, the unit reserved a second slot.)
    expect(worker.cancelled).toBe(worker.reserved);
    expect(worker.started).toEqual([]);
    expect(await taskRows()).toEqual([]);
  });

  it('are not handed over twice under one idempotency key, nor when they are due later', async () => {
    sync.release();
    const worker = recordingAcceptor();
    queue.acceptHandoffs!(worker.acceptor);
    for (let i = 0; i < 2; i++) {
      await store.transaction((tx) =>
        tx.tasks.enqueue({ type: 'job', payload: { i }, idempotencyKey: 'once' }),
      );
    }
    expect(worker.started.map((t) => t.payload)).toEqual([{ i: 0 }]);
    expect(worker.cancelled).toBe(1);

    const reservedBefore = worker.reserved;
    await store.transaction((tx) =>
      tx.tasks.enqueue({ type: 'job', payload: {}, runAt: new Date(clock.now().getTime() + 60_000) }),
    );
    expect(worker.reserved).toBe(reservedBefore);
  });

  it('whose worker died before running them are claimed again once the lease ends', async () => {
    sync.release();
    const crashed = recordingAcceptor({ startRuns: false });
    const unsubscribe = queue.acceptHandoffs!(crashed.acceptor);
    await store.transaction((tx) => tx.tasks.enqueue({ type: 'job', payload: { n: 7 } }));
    unsubscribe();
    expect(await queue.claim(['job'], 10, 1000)).toEqual([]);
    clock.advance(30_001);
    const [again] = await store.taskQueue().claim(['job'], 10, 1000);
    expect(again).toMatchObject({ payload: { n: 7 }, attempts: 2, leaseToken: 2 });
  });
});

describe('the worker runtime with the embedded queue', () => {
  let runtime: WorkerRuntime | undefined;
  afterEach(() => runtime?.stop(0));

  it('runs the task a commit enqueues into a free slot without claiming it, and claims what does not fit', async () => {
    sync.release();
    const claim = queue.claim.bind(queue);
    let claimedTasks = 0;
    queue.claim = async (...args) => {
      const tasks = await claim(...args);
      claimedTasks += tasks.length;
      return tasks;
    };
    // The runtime's acceptor, to wait (without timing) until its lane idles and takes handoffs.
    let acceptor: HandoffAcceptor | undefined;
    const acceptHandoffs = (taker: HandoffAcceptor) => {
      acceptor = taker;
      return queue.acceptHandoffs!(taker);
    };
    const observed = new Proxy(queue, {
      get: (target, key) => {
        if (key === 'acceptHandoffs') return acceptHandoffs;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const untilIdle = async () => {
      for (;;) {
        const slot = acceptor?.reserve('job');
        slot?.cancel();
        if (slot) return;
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    const ran: unknown[] = [];
    runtime = new WorkerRuntime({
      queue: observed,
      clock,
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: [{ type: 'job', concurrency: 1, handle: async (task) => void ran.push(task.payload.n) }],
    });
    runtime.start();
    await untilIdle(); // its first look at the queue found nothing

    await store.transaction((tx) => tx.tasks.enqueue({ type: 'job', payload: { n: 1 } }));
    while (ran.length < 1) await new Promise((r) => setTimeout(r, 1));
    expect(claimedTasks).toBe(0);
    await untilIdle(); // the lane looks at the queue again when its task ends

    // One slot: of three tasks in one commit, the first is handed over and the other two wait for claims.
    await store.transaction(async (tx) => {
      for (const n of [2, 3, 4]) await tx.tasks.enqueue({ type: 'job', payload: { n } });
    });
    while (ran.length < 4) await new Promise((r) => setTimeout(r, 1));
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(claimedTasks).toBe(2);
    while ((await taskRows()).length > 0) await new Promise((r) => setTimeout(r, 1));
  });
});
