/**
 * Which analyser threads have finished loading their module, so the pool is never closed while
 * one is still loading.
 *
 * Piscina loads a thread's module with a synchronous `require()` of an ES module; ending the
 * thread in the middle of that aborts the whole process on Node 22 (V8's "IsGraphAsync must be
 * used on an instantiated module", a fatal error, not an exception). It happened when a process
 * stopped within a second or two of starting (`docket start` on a port already in use), and can
 * happen whenever a thread is started just before a shutdown. The thread module announces itself
 * as its last statement; closing waits for every thread that has not, or for it to exit.
 */
import type { EventEmitter } from 'node:events';

/** What the thread module posts to its parent once its whole module graph has been evaluated. */
export const THREAD_LOADED = 'docket:analyser-thread-loaded';

export interface ThreadLoadedMessage {
  [THREAD_LOADED]: number;
}

export function threadLoadedMessage(threadId: number): ThreadLoadedMessage {
  return { [THREAD_LOADED]: threadId };
}

/** The part of a `worker_threads.Worker` the tracker needs. */
export interface TrackedThread {
  readonly threadId: number;
  once(event: 'exit', listener: () => void): unknown;
  off(event: 'exit', listener: () => void): unknown;
}

/** The value under `tag` of a message a thread posted, if the message is one of that kind. */
export function tagged(message: unknown, tag: string): unknown {
  if (typeof message !== 'object' || message === null || !(tag in message)) return undefined;
  return (message as Record<string, unknown>)[tag];
}

function loadedThreadId(message: unknown): number | null {
  const id = tagged(message, THREAD_LOADED);
  return typeof id === 'number' ? id : null;
}

export class ThreadLoadTracker {
  readonly #loaded = new Set<number>();
  readonly #waiters = new Set<() => void>();

  /**
   * `pool` emits `message` for whatever a thread posts and `workerDestroy` for a thread it ended
   * (piscina's pool does). An ended thread is forgotten: threads idle out and new ones start for
   * the life of the process, and their ids would otherwise pile up.
   */
  constructor(pool: EventEmitter) {
    pool.on('message', (message: unknown) => {
      const id = loadedThreadId(message);
      if (id === null) return;
      this.#loaded.add(id);
      for (const wake of this.#waiters) wake();
    });
    // piscina's thread interface names the thread's `threadId` `id`.
    pool.on('workerDestroy', (thread: { id: number }) => this.#loaded.delete(thread.id));
  }

  /**
   * Resolves once every one of `threads` has loaded or exited, or after `timeoutMs` (a thread
   * that hangs while loading is ended anyway: better a rare abort than a shutdown that never ends).
   */
  async untilLoaded(threads: readonly TrackedThread[], timeoutMs: number): Promise<void> {
    const pending = threads.filter((thread) => !this.#loaded.has(thread.threadId));
    if (pending.length === 0) return;
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), timeoutMs);
    try {
      await Promise.all(pending.map((thread) => this.#untilOneLoaded(thread, giveUp.signal)));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when `thread` has loaded, has exited, or `giveUp` aborts; leaves no listener behind. */
  #untilOneLoaded(thread: TrackedThread, giveUp: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#waiters.delete(check);
        thread.off('exit', done);
        giveUp.removeEventListener('abort', done);
        resolve();
      };
      const check = () => {
        if (this.#loaded.has(thread.threadId)) done();
      };
      this.#waiters.add(check);
      thread.once('exit', done);
      giveUp.addEventListener('abort', done);
      check();
    });
  }
}
