import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  THREAD_LOADED,
  ThreadLoadTracker,
  type TrackedThread,
  threadLoadedMessage,
} from './thread-loading.ts';

class FakeThread extends EventEmitter implements TrackedThread {
  readonly threadId: number;

  constructor(threadId: number) {
    super();
    this.threadId = threadId;
  }
}

/** Whether `promise` has settled once pending callbacks and timers due now have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** Whether `promise` has settled once the microtasks queued now have run (fake timers: no setImmediate). */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('closing the analyser pool waits for threads still loading', () => {
  it('waits until every thread has posted that it loaded', async () => {
    const pool = new EventEmitter();
    const tracker = new ThreadLoadTracker(pool);
    const [one, two] = [new FakeThread(1), new FakeThread(2)];
    pool.emit('message', threadLoadedMessage(1));
    const waiting = tracker.untilLoaded([one, two], 60_000);
    expect(await settled(waiting)).toBe(false);
    pool.emit('message', { something: 'else' });
    pool.emit('message', threadLoadedMessage(3));
    expect(await settled(waiting)).toBe(false);
    pool.emit('message', { [THREAD_LOADED]: 2 });
    expect(await settled(waiting)).toBe(true);
    expect(two.listenerCount('exit')).toBe(0);
  });

  it('stops waiting for a thread that exits before it loaded', async () => {
    const tracker = new ThreadLoadTracker(new EventEmitter());
    const thread = new FakeThread(7);
    const waiting = tracker.untilLoaded([thread], 60_000);
    expect(await settled(waiting)).toBe(false);
    thread.emit('exit');
    expect(await settled(waiting)).toBe(true);
  });

  it('gives up after the timeout rather than never shutting down, leaving no listener behind', async () => {
    vi.useFakeTimers();
    try {
      const tracker = new ThreadLoadTracker(new EventEmitter());
      const thread = new FakeThread(1);
      const waiting = tracker.untilLoaded([thread], 30_000);
      await vi.advanceTimersByTimeAsync(29_999);
      expect(await settledNow(waiting)).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await settledNow(waiting)).toBe(true);
      expect(thread.listenerCount('exit')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets a thread once the pool has ended it', async () => {
    const pool = new EventEmitter();
    const tracker = new ThreadLoadTracker(pool);
    pool.emit('message', threadLoadedMessage(5));
    pool.emit('workerDestroy', { id: 5 }); // piscina's thread interface
    // Only a thread with the same id could be asked about again; it would count as loading.
    expect(await settled(tracker.untilLoaded([new FakeThread(5)], 60_000))).toBe(false);
  });

  it('returns at once when nothing is loading', async () => {
    const pool = new EventEmitter();
    const tracker = new ThreadLoadTracker(pool);
    pool.emit('message', threadLoadedMessage(4));
    expect(await settled(tracker.untilLoaded([new FakeThread(4)], 60_000))).toBe(true);
    expect(await settled(tracker.untilLoaded([], 60_000))).toBe(true);
  });
});
