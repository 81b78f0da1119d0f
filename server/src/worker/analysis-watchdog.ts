/**
 * The analyser pool's forced stop. An analyser stops by itself at its next page past its time
 * budget; a page that hangs gets a grace after the budget, and then its thread is ended.
 *
 * A thread holds two analyses, the one it runs and the next (`thread-turns.ts`), so the stop is
 * timed from when the analysis started on its thread, which the thread reports, not from when
 * the pool sent it. Ending a thread also ends the analysis waiting behind the one that hung: the
 * pool runs that one again (`retried`), since nothing it did took the thread down.
 */
import type { EventEmitter } from 'node:events';
import { analysisStarted } from './thread-turns.ts';

/** One budgeted analysis as the watchdog follows it, across its runs on threads. */
export interface WatchedAnalysis {
  /** The number its current run is sent under (`ThreadTask.budget.run`). */
  readonly run: number;
  /** Whether this analysis's own forced stop ended its thread. */
  readonly timedOut: boolean;
  /** Whether the watchdog ended some thread since this run was sent, so possibly this run's. */
  readonly threadMayHaveBeenEnded: boolean;
  /** Starts a new run (after its thread was ended under it): a new number, no stop armed. */
  retried(): void;
  /** The analysis has its outcome: disarms its stop. */
  done(): void;
}

export interface AnalysisWatchdogOptions {
  /** Emits `message` for whatever a thread posts (piscina's pool does). */
  pool: EventEmitter;
  /** Ends the thread with this id. */
  endThread: (threadId: number) => void;
  /** How long past its budget an analysis may run before its thread is ended. */
  graceMs: (budgetMs: number) => number;
}

interface Watched {
  run: number;
  budgetMs: number;
  timer: NodeJS.Timeout | undefined;
  timedOut: boolean;
  stopsWhenSent: number;
}

export class AnalysisWatchdog {
  readonly #options: AnalysisWatchdogOptions;
  readonly #byRun = new Map<number, Watched>();
  #nextRun = 1;
  #forcedStops = 0;

  constructor(options: AnalysisWatchdogOptions) {
    this.#options = options;
    options.pool.on('message', (message: unknown) => {
      const started = analysisStarted(message);
      if (started) this.#arm(started.run, started.threadId);
    });
  }

  /** Follows one analysis with a budget of `budgetMs`; call `done()` once it has its outcome. */
  watch(budgetMs: number): WatchedAnalysis {
    const watched: Watched = { run: 0, budgetMs, timer: undefined, timedOut: false, stopsWhenSent: 0 };
    const send = () => {
      clearTimeout(watched.timer);
      watched.timer = undefined;
      this.#byRun.delete(watched.run);
      watched.run = this.#nextRun++;
      watched.stopsWhenSent = this.#forcedStops;
      this.#byRun.set(watched.run, watched);
    };
    send();
    const forcedStops = () => this.#forcedStops;
    return {
      get run() {
        return watched.run;
      },
      get timedOut() {
        return watched.timedOut;
      },
      get threadMayHaveBeenEnded() {
        return forcedStops() > watched.stopsWhenSent;
      },
      retried: send,
      done: () => {
        clearTimeout(watched.timer);
        this.#byRun.delete(watched.run);
      },
    };
  }

  /** A run started on `threadId`. A start reported after the outcome (another port) finds nothing. */
  #arm(run: number, threadId: number): void {
    const watched = this.#byRun.get(run);
    if (!watched) return;
    clearTimeout(watched.timer);
    watched.timer = setTimeout(() => {
      watched.timedOut = true;
      this.#forcedStops++;
      this.#options.endThread(threadId);
    }, watched.budgetMs + this.#options.graceMs(watched.budgetMs));
  }
}
