/**
 * The worker runtime: claims tasks from the TaskQueue, runs their handlers with bounded
 * concurrency, renews leases while they run, and retries or buries what throws. It knows nothing
 * of records or webhooks; handlers do.
 *
 * Wake-up is push first: a local commit that enqueues a task signals the queue and an idle worker
 * claims it within the same event-loop turn. A timer covers future `run_at`s, expired leases and
 * tasks enqueued by other processes. Quicker still, where the queue offers it: a lane with a free
 * slot and nothing left to claim takes a task a local commit enqueues as it is written, leased to
 * it, and runs it once the commit is durable, without a claim (see `TaskQueue.acceptHandoffs`).
 * Only a lane whose last claim found nothing left does, so a handed task never overtakes one a
 * local commit left for a claim; tasks of other processes or coming due wait, as ever, for the
 * lane's next look. For the same reason a finished task's lane claims again only when something
 * may be left to claim (a signal since its last claim came back short, or the task was retried):
 * a lane that is handed its work pays no empty claim per task.
 */
import type { Logger } from 'pino';
import { LeaseLostError } from '../core/errors.ts';
import type { Clock, HandoffSlot, LeasedTask, TaskHandler, TaskQueue } from '../core/ports.ts';
import { retryOrBury } from '../core/tasks.ts';

export interface WorkerRuntimeOptions {
  queue: TaskQueue;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  handlers: readonly TaskHandler[];
  /** Longest wait between looks at the queue when nothing signals (other processes' work). */
  pollMs?: number;
}

interface Lane {
  handler: TaskHandler;
  inflight: Map<string, { task: LeasedTask; abort: AbortController; done: Promise<void> }>;
  /** Claimed ahead (see `prefetch`), waiting for a slot since the given time. */
  waiting: { task: LeasedTask; since: number }[];
  /** No claiming ahead before this time: tasks waited too long for a slot and were handed back. */
  prefetchPausedUntil: number;
  claiming: boolean;
  again: boolean;
  /** Slots lent to tasks that commits are writing (handoffs), kept free until they start. */
  reserved: number;
  /** The queue may hold ready tasks of this lane: set by every signal, cleared by a claim that finds too few. */
  backlog: boolean;
  timer: NodeJS.Timeout | undefined;
}

export class WorkerRuntime {
  readonly #options: WorkerRuntimeOptions;
  readonly #lanes: Lane[];
  #stopping = false;
  #unsubscribe: (() => void) | undefined;
  #unsubscribeHandoffs: (() => void) | undefined;

  constructor(options: WorkerRuntimeOptions) {
    this.#options = options;
    this.#lanes = options.handlers.map((handler) => ({
      handler,
      inflight: new Map(),
      waiting: [],
      prefetchPausedUntil: 0,
      claiming: false,
      again: false,
      reserved: 0,
      backlog: true,
      timer: undefined,
    }));
  }

  start(): void {
    this.#unsubscribe = this.#options.queue.onReady((types) => this.#pumpAll(types));
    this.#unsubscribeHandoffs = this.#options.queue.acceptHandoffs?.({
      reserve: (type) => this.#reserve(type),
    });
    this.#pumpAll();
  }

  /** Looks at the queue now (e.g. after a test moved its clock past a scheduled `run_at`). */
  wake(): void {
    this.#pumpAll();
  }

  /** Pumps the lanes of `types` (all lanes without it): a claim per idle lane costs a commit. */
  #pumpAll(types?: ReadonlySet<string>): void {
    for (const lane of this.#lanes) {
      if (types && !types.has(lane.handler.type)) continue;
      lane.backlog = true;
      void this.#pump(lane);
    }
  }

  /** A slot for a task a local commit is writing, when the lane idles with nothing left to claim. */
  #reserve(type: string): HandoffSlot | undefined {
    const lane = this.#lanes.find((candidate) => candidate.handler.type === type);
    if (!lane || this.#stopping || lane.backlog || lane.claiming || lane.waiting.length > 0) return undefined;
    if (lane.inflight.size + lane.reserved >= lane.handler.concurrency) return undefined;
    lane.reserved++;
    return {
      leaseMs: this.#options.leaseMs,
      start: (task) => {
        lane.reserved--;
        if (this.#stopping) {
          // Written during stop(): back to the queue untouched, for the next worker.
          void this.#options.queue.release(task).catch(() => {});
          return;
        }
        lane.handler.claimed?.([task]);
        this.#run(lane, task);
      },
      cancel: () => {
        lane.reserved--;
        this.#startWaiting(lane);
      },
    };
  }

  async #pump(lane: Lane): Promise<void> {
    if (this.#stopping) return;
    this.#startWaiting(lane);
    if (lane.claiming) {
      lane.again = true;
      return;
    }
    lane.claiming = true;
    try {
      let drained = false;
      do {
        lane.again = false;
        const wanted = this.#wanted(lane);
        if (wanted === 0) break;
        const tasks = await this.#options.queue.claim(
          [lane.handler.type],
          wanted,
          this.#options.leaseMs,
          lane.handler.fair ? { fair: true } : {},
        );
        if (this.#stopping) {
          // Claimed while stop() was handing work back: these go back too, untouched.
          await Promise.all(tasks.map((task) => this.#options.queue.release(task).catch(() => {})));
          return;
        }
        if (tasks.length > 0) lane.handler.claimed?.(tasks);
        const since = this.#options.clock.now().getTime();
        for (const task of tasks) lane.waiting.push({ task, since });
        this.#startWaiting(lane);
        if (tasks.length === wanted) lane.again = true;
        else drained = true;
        // Nothing left to claim: what commits enqueue from now on may be handed over.
        if (drained && !lane.again) lane.backlog = false;
      } while (lane.again && !this.#stopping);
      // A full lane is pumped again as its tasks finish; only a drained queue needs the timer.
      if (drained) await this.#schedule(lane);
    } catch (error) {
      this.#options.logger.error({ err: error, type: lane.handler.type }, 'claiming tasks failed');
      this.#arm(lane, 1000);
    } finally {
      lane.claiming = false;
    }
  }

  /** How many tasks to claim now: all the room there is when a slot idles, else top-ups of half the prefetch. */
  #wanted(lane: Lane): number {
    const { concurrency } = lane.handler;
    const prefetch =
      this.#options.clock.now().getTime() < lane.prefetchPausedUntil ? 0 : (lane.handler.prefetch ?? 0);
    const busy = lane.inflight.size + lane.reserved;
    const room = concurrency + prefetch - busy - lane.waiting.length;
    if (room <= 0) return 0;
    if (lane.waiting.length === 0 && busy < concurrency) return room;
    return room >= Math.ceil(prefetch / 2) ? room : 0;
  }

  #startWaiting(lane: Lane): void {
    const { clock, leaseMs, queue } = this.#options;
    while (lane.waiting.length > 0 && lane.inflight.size + lane.reserved < lane.handler.concurrency) {
      const { task, since } = lane.waiting.shift()!;
      const now = clock.now().getTime();
      if (now - since >= leaseMs / 2) {
        // It waited so long for a slot (every slot held by slow tasks) that half its lease is gone:
        // hand it back to the queue rather than start a task whose lease may lapse while it runs,
        // and claim no more ahead for a while, so it is not claimed straight back into the wait.
        void queue.release(task).catch(() => {});
        lane.prefetchPausedUntil = now + leaseMs / 2;
        continue;
      }
      this.#run(lane, task);
    }
  }

  async #schedule(lane: Lane): Promise<void> {
    const poll = this.#options.pollMs ?? 1000;
    const next = await this.#options.queue.nextRunAt([lane.handler.type]);
    const wait = next ? next.getTime() - this.#options.clock.now().getTime() : poll;
    this.#arm(lane, Math.max(1, Math.min(poll, wait)));
  }

  #arm(lane: Lane, ms: number): void {
    if (this.#stopping) return;
    clearTimeout(lane.timer);
    lane.timer = setTimeout(() => void this.#pump(lane), ms);
    lane.timer.unref();
  }

  #run(lane: Lane, task: LeasedTask): void {
    const abort = new AbortController();
    const { queue, leaseMs, logger, clock } = this.#options;
    const renewal = setInterval(
      async () => {
        const kept = await queue.renew(task, leaseMs).catch(() => true);
        if (!kept) abort.abort(new LeaseLostError(`lease on task ${task.id} was lost`));
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    const done = (async () => {
      let completed = false;
      try {
        if ((await lane.handler.handle(task, abort.signal)) !== 'completed') await queue.complete(task);
        completed = true;
      } catch (error) {
        if (error instanceof LeaseLostError || abort.signal.aborted) {
          logger.warn({ task: task.id, type: task.type }, 'task lease lost; another worker owns it now');
          return;
        }
        const handedBack = await retryOrBury(queue, task, {
          maxAttempts: lane.handler.maxAttempts ?? 10,
          error: error instanceof Error ? error.message : String(error),
          now: clock.now(),
        });
        if (handedBack.buried) {
          logger.error({ err: error, task: task.id, type: task.type }, 'task failed for the last time');
        } else {
          logger.warn(
            { err: error, task: task.id, type: task.type, retryInMs: handedBack.retryInMs },
            'task failed; will retry',
          );
        }
      } finally {
        clearInterval(renewal);
        lane.inflight.delete(task.id);
        // A claim now would find nothing when the lane's last claim came back short and no signal
        // came since: it costs a commit and a look at the next run-at, per task. A task that did not
        // complete (retried, lease lost) changed the queue: its lane looks again, which also arms
        // the lane's timer for a retry's new run-at.
        if (this.#stopping) {
          // stop() hands back what is left; nothing more starts.
        } else if (!completed || lane.backlog) {
          void this.#pump(lane);
        } else {
          this.#startWaiting(lane);
        }
      }
    })();
    lane.inflight.set(task.id, { task, abort, done });
  }

  /** In-flight task count, for metrics and tests. */
  get inflight(): number {
    return this.#lanes.reduce((n, lane) => n + lane.inflight.size, 0);
  }

  /**
   * Stops claiming, waits up to `graceMs` for running tasks, then hands the rest back to the
   * queue so another worker (or the next start) picks them up at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    this.#unsubscribe?.();
    this.#unsubscribeHandoffs?.();
    for (const lane of this.#lanes) clearTimeout(lane.timer);
    // A claim still in flight hands its tasks back itself (see #pump), and so does a commit
    // still writing a task handed to this worker (see #reserve); let them finish first.
    const claimsDue = Date.now() + graceMs;
    while (this.#lanes.some((lane) => lane.claiming || lane.reserved > 0) && Date.now() < claimsDue) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // Tasks claimed ahead go back to the queue at once, untouched.
    const waiting = this.#lanes.flatMap((lane) => lane.waiting.splice(0));
    await Promise.all(waiting.map(({ task }) => this.#options.queue.release(task).catch(() => {})));
    const running = this.#lanes.flatMap((lane) => [...lane.inflight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), graceMs)));
    const outcome = await Promise.race([
      Promise.all(running.map((r) => r.done)).then(() => 'done' as const),
      timedOut,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const entry of running) {
        entry.abort.abort(new Error('worker shutting down'));
        await this.#options.queue.release(entry.task).catch(() => {});
      }
    }
  }
}
