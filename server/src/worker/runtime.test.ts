import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import type { HandoffAcceptor, HandoffSlot, LeasedTask, TaskHandler, TaskQueue } from '../core/ports.ts';
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

/**
 * A runtime on `queue` with a 30 s lease and a silent logger. `pollMs`: the longest wait of its
 * lanes' timers (the runtime's default, 1 s, without it).
 */
function runtimeOn(queue: TaskQueue, handlers: TaskHandler[], clock = manualClock(), pollMs?: number) {
  return new WorkerRuntime({
    queue,
    clock,
    logger: pino({ level: 'silent' }),
    leaseMs: 30_000,
    handlers,
    ...(pollMs === undefined ? {} : { pollMs }),
  });
}

/** A poll no test outlives: what such a runtime claims, a signal or a task's end made it claim. */
const NO_POLL_MS = 600_000;

describe('WorkerRuntime', () => {
  it('runs at most `concurrency` at once, claims a prefetch ahead in batches and tells the handler of each', async () => {
    const { queue, claims, completed } = memoryQueue(40);
    let running = 0;
    let most = 0;
    const told: number[] = [];
    const started = new Set<string>();
    runtime = runtimeOn(queue, [
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
    ]);
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
    runtime = runtimeOn(queue, [
      { type: 'job', concurrency: 2, prefetch: 3, handle: () => blocked.then(() => undefined) },
    ]);
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
    runtime = runtimeOn(
      queue,
      [
        {
          type: 'job',
          concurrency: 1,
          prefetch: 1,
          handle: (task) => (task.id === 't0' ? first.then(() => undefined) : Promise.resolve(undefined)),
        },
      ],
      clock,
    );
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
    runtime = runtimeOn(queue, [
      { type: 'job', concurrency: 3, handle: async (task) => void ran.push(task.id) },
    ]);
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
    runtime = runtimeOn(
      queue,
      ['analyse', 'deliver', 'purge'].map((type) => ({ type, concurrency: 1, handle })),
    );
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

  describe('taking tasks handed over by local commits', () => {
    /** A memory queue whose commits could hand tasks over: `reserve` asks the runtime for a slot. */
    function handoffQueue() {
      const memory = memoryQueue(0);
      let acceptor: HandoffAcceptor | undefined;
      memory.queue.acceptHandoffs = (taker) => {
        acceptor = taker;
        return () => (acceptor = undefined);
      };
      let wake: (types?: ReadonlySet<string>) => void = () => {};
      memory.queue.onReady = (listener) => {
        wake = listener;
        return () => {};
      };
      return {
        ...memory,
        reserve: (type = 'job') => acceptor?.reserve(type),
        wake: (types?: ReadonlySet<string>) => wake(types),
      };
    }
    const handed = (id: string): LeasedTask => ({
      id,
      type: 'job',
      payload: {},
      attempts: 1,
      leaseToken: 1,
      leasedUntil: new Date(0),
    });
    const settle = () => new Promise((r) => setTimeout(r, 10));
    /** A slot, once the lane's claims have answered: polled, not waited for by the clock. */
    const slotOnceIdle = async (reserve: () => HandoffSlot | undefined) => {
      for (;;) {
        const slot = reserve();
        if (slot) return slot;
        await new Promise((r) => setTimeout(r, 1));
      }
    };

    it('an idle lane lends its free slots, runs what it is handed and counts it against its concurrency', async () => {
      const { queue, reserve, completed } = handoffQueue();
      let release: () => void = () => {};
      const blocked = new Promise<void>((r) => (release = r));
      const ran: string[] = [];
      const told: string[] = [];
      runtime = runtimeOn(queue, [
        {
          type: 'job',
          concurrency: 2,
          claimed: (tasks) => told.push(...tasks.map((t) => t.id)),
          handle: async (task) => {
            ran.push(task.id);
            await blocked;
            return undefined;
          },
        },
      ]);
      runtime.start();
      const first = await slotOnceIdle(reserve); // once the first claim found nothing
      const second = reserve();
      expect(first.leaseMs).toBe(30_000);
      expect(second).toBeDefined();
      expect(reserve()).toBeUndefined(); // both slots are lent
      expect(reserve('another-type')).toBeUndefined();

      first.start(handed('h1'));
      second!.cancel();
      expect(ran).toEqual(['h1']);
      expect(told).toEqual(['h1']);
      const third = reserve(); // one slot runs h1, the other is free again
      expect(third).toBeDefined();
      expect(reserve()).toBeUndefined();
      third!.cancel();
      release();
      while (completed.length < 1) await settle();
      expect(completed).toEqual(['h1']);
    });

    it('a lane that may have tasks left to claim lends no slot until a claim comes back short', async () => {
      const { queue, reserve, wake } = handoffQueue();
      let answer: () => void = () => {};
      queue.claim = async () => {
        await new Promise<void>((r) => (answer = r));
        return [];
      };
      runtime = runtimeOn(queue, [{ type: 'job', concurrency: 1, handle: async () => undefined }]);
      runtime.start();
      expect(reserve()).toBeUndefined(); // its first claim has not answered
      answer();
      (await slotOnceIdle(reserve)).cancel();

      wake(new Set(['job'])); // a commit enqueued a task for a claim
      expect(reserve()).toBeUndefined();
      await settle();
      expect(reserve()).toBeUndefined(); // still claiming
      answer();
      expect(await slotOnceIdle(reserve)).toBeDefined();
    });

    /** Counts every claim, also those that find nothing. */
    const countClaims = (queue: TaskQueue) => {
      const claim = queue.claim;
      const counted = { calls: 0 };
      queue.claim = (...args) => {
        counted.calls++;
        return claim(...args);
      };
      return counted;
    };

    it('a handed task that completes costs no claim when nothing was signalled since the last one', async () => {
      const { queue, reserve, completed } = handoffQueue();
      const claims = countClaims(queue);
      runtime = runtimeOn(
        queue,
        [{ type: 'job', concurrency: 1, handle: async () => undefined }],
        manualClock(),
        NO_POLL_MS,
      );
      runtime.start();
      for (const id of ['h1', 'h2', 'h3']) {
        (await slotOnceIdle(reserve)).start(handed(id));
        while (!completed.includes(id)) await settle();
      }
      expect(completed).toEqual(['h1', 'h2', 'h3']);
      expect(claims.calls).toBe(1); // the start's, which found nothing
    });

    it('a task left for a claim while the lane was busy is claimed as soon as the handed one completes', async () => {
      const { queue, reserve, wake, ready, completed } = handoffQueue();
      let finish: () => void = () => {};
      runtime = runtimeOn(
        queue,
        [
          {
            type: 'job',
            concurrency: 1,
            handle: async (task) => {
              if (task.id === 'h1') await new Promise<void>((r) => (finish = r));
              return undefined;
            },
          },
        ],
        manualClock(),
        NO_POLL_MS,
      );
      runtime.start();
      (await slotOnceIdle(reserve)).start(handed('h1'));
      ready.push(handed('queued')); // a commit enqueued it while h1 held the lane's one slot
      wake(new Set(['job']));
      await settle();
      expect(completed).toEqual([]);
      finish();
      for (let turns = 0; completed.length < 2 && turns < 50; turns++) await settle();
      expect(completed).toEqual(['h1', 'queued']);
    });

    it('a handed task that fails is retried, and its lane looks at the queue again for the retry', async () => {
      const { queue, reserve } = handoffQueue();
      const claims = countClaims(queue);
      const retried: string[] = [];
      queue.retry = async (task) => {
        retried.push(task.id);
        return true;
      };
      runtime = runtimeOn(
        queue,
        [
          {
            type: 'job',
            concurrency: 1,
            handle: async () => {
              throw new Error('the receiver is down');
            },
          },
        ],
        manualClock(),
        NO_POLL_MS,
      );
      runtime.start();
      (await slotOnceIdle(reserve)).start(handed('h1'));
      for (let turns = 0; retried.length === 0 && turns < 50; turns++) await settle();
      await settle();
      expect(retried).toEqual(['h1']);
      expect(claims.calls).toBe(2);
    });

    it('stop waits for a commit writing a task handed to it, and hands that task back unrun', async () => {
      const { queue, reserve, released } = handoffQueue();
      const ran: string[] = [];
      runtime = runtimeOn(queue, [
        { type: 'job', concurrency: 1, handle: async (task) => void ran.push(task.id) },
      ]);
      runtime.start();
      const slot = await slotOnceIdle(reserve);
      let stopped = false;
      const stopping = runtime.stop(10_000).then(() => (stopped = true));
      await settle();
      expect(stopped).toBe(false);
      slot.start(handed('late'));
      await stopping;
      expect(ran).toEqual([]);
      expect(released).toEqual(['late']);
      runtime = undefined;
    });
  });
});
