import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import type { LeasedTask, TaskQueue } from '../core/ports.ts';
import { WorkerRuntime } from './runtime.ts';

/** An in-memory queue that counts claims and releases. */
function memoryQueue(count: number) {
  const ready: LeasedTask[] = Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    type: 'job',
    payload: {},
    attempts: 1,
    leaseToken: 1,
    leasedUntil: new Date(0),
  }));
  /** Sizes of the claims that found tasks. */
  const claims: number[] = [];
  const released: string[] = [];
  const completed: string[] = [];
  const queue: TaskQueue = {
    claim: async (_types, limit) => {
      const got = ready.splice(0, limit);
      if (got.length > 0) claims.push(got.length);
      return got;
    },
    renew: async () => true,
    complete: async (task) => {
      completed.push(task.id);
      return true;
    },
    retry: async () => true,
    bury: async () => true,
    release: async (task) => {
      released.push(task.id);
      ready.push(task);
    },
    nextRunAt: async () => null,
    onReady: () => () => {},
    close: async () => {},
  };
  return { queue, ready, claims, released, completed };
}

let runtime: WorkerRuntime | undefined;
afterEach(() => runtime?.stop(0));

describe('WorkerRuntime', () => {
  it('runs at most `concurrency` at once, claims a prefetch ahead in batches and tells the handler of each', async () => {
    const { queue, claims, completed } = memoryQueue(40);
    let running = 0;
    let most = 0;
    const told: number[] = [];
    const started = new Set<string>();
    runtime = new WorkerRuntime({
      queue,
      clock: manualClock(),
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: [
        {
          type: 'job',
          concurrency: 4,
          prefetch: 4,
          claimed: (tasks) => {
            // Told of each batch before any of its tasks runs.
            expect(tasks.some((t) => started.has(t.id))).toBe(false);
            told.push(tasks.length);
          },
          handle: async (task) => {
            started.add(task.id);
            most = Math.max(most, ++running);
            await new Promise((r) => setTimeout(r, 2));
            running--;
            return undefined;
          },
        },
      ],
    });
    runtime.start();
    while (completed.length < 40) await new Promise((r) => setTimeout(r, 5));
    expect(most).toBe(4);
    // The first claim fills the slots and the prefetch; later ones top up half the prefetch or more,
    // where one claim per freed slot would have made 33.
    expect(claims[0]).toBe(8);
    // (The last may find fewer left than it asked for.)
    expect(claims.slice(0, -1).every((n) => n >= 2)).toBe(true);
    expect(claims.length).toBeLessThanOrEqual(17);
    expect(told).toEqual(claims);
  });

  it('hands tasks claimed ahead back to the queue on stop', async () => {
    const { queue, released } = memoryQueue(10);
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => (release = r));
    runtime = new WorkerRuntime({
      queue,
      clock: manualClock(),
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: [{ type: 'job', concurrency: 2, prefetch: 3, handle: () => blocked.then(() => undefined) }],
    });
    runtime.start();
    await new Promise((r) => setTimeout(r, 10));
    const stopping = runtime.stop(1000);
    release();
    await stopping;
    expect(released.sort()).toEqual(['t2', 't3', 't4']);
    runtime = undefined;
  });

  it('hands back a task that waited for a slot until half its lease was gone, and runs it afresh', async () => {
    const { queue, released, completed } = memoryQueue(2);
    const clock = manualClock();
    let release: () => void = () => {};
    const first = new Promise<void>((r) => (release = r));
    runtime = new WorkerRuntime({
      queue,
      clock,
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: [
        {
          type: 'job',
          concurrency: 1,
          prefetch: 1,
          handle: (task) => (task.id === 't0' ? first.then(() => undefined) : Promise.resolve(undefined)),
        },
      ],
    });
    runtime.start();
    await new Promise((r) => setTimeout(r, 10));
    clock.advance(20_000); // t1 has waited behind t0 for two thirds of its lease
    release();
    while (completed.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(released).toEqual(['t1']);
    expect(completed.sort()).toEqual(['t0', 't1']);
  });

  it('hands back, without running them, tasks whose claim was still in flight when stop began', async () => {
    const { queue, released } = memoryQueue(3);
    const claim = queue.claim.bind(queue);
    let answer: () => void = () => {};
    const answered = new Promise<void>((r) => (answer = r));
    queue.claim = async (types, limit, leaseMs) => {
      await answered; // the database is slow to answer this claim
      return claim(types, limit, leaseMs);
    };
    const ran: string[] = [];
    runtime = new WorkerRuntime({
      queue,
      clock: manualClock(),
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: [{ type: 'job', concurrency: 3, handle: async (task) => void ran.push(task.id) }],
    });
    runtime.start();
    const stopping = runtime.stop(1000);
    answer();
    await stopping;
    expect(ran).toEqual([]);
    expect(released.sort()).toEqual(['t0', 't1', 't2']);
    runtime = undefined;
  });

  it('a wake-up that names task types claims only for their lanes; one that names none, for all', async () => {
    const { queue } = memoryQueue(0);
    let wake: (types?: ReadonlySet<string>) => void = () => {};
    queue.onReady = (listener) => {
      wake = listener;
      return () => {};
    };
    const claimed: string[] = [];
    queue.claim = async (types) => {
      claimed.push(...types);
      return [];
    };
    const handle = async () => undefined;
    runtime = new WorkerRuntime({
      queue,
      clock: manualClock(),
      logger: pino({ level: 'silent' }),
      leaseMs: 30_000,
      handlers: ['analyse', 'deliver', 'purge'].map((type) => ({ type, concurrency: 1, handle })),
    });
    runtime.start();
    await new Promise((r) => setTimeout(r, 10));
    claimed.length = 0;
    wake(new Set(['deliver']));
    await new Promise((r) => setTimeout(r, 10));
    expect(claimed).toEqual(['deliver']);
    claimed.length = 0;
    wake();
    await new Promise((r) => setTimeout(r, 10));
    expect(claimed.sort()).toEqual(['analyse', 'deliver', 'purge']);
  });
});
