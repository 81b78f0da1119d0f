/**
 * How an analyser thread takes its tasks: one at a time, in the order they came, while the next
 * one already waits on the thread.
 *
 * The pool gives each thread one analysis beyond the one it runs. Without that, a thread that
 * finished sat idle until the event loop had read its result and sent it the next task; with the
 * event loop busy serving uploads and webhooks, that round trip was a quarter of the thread's
 * time. The waiting task starts the moment the running one ends, on the thread itself.
 *
 * Running in turn, not side by side, keeps each analysis's time budget its own: the budget
 * starts when the analysis starts here, and the thread tells the pool so, which arms the pool's
 * forced stop for that analysis only (`analysis-watchdog.ts`).
 */
import type { AnalysisInput, AnalysisOutcome } from '../core/ports.ts';
import { tagged } from './thread-loading.ts';

/** What the pool sends a thread for one analysis. */
export interface ThreadTask {
  input: AnalysisInput;
  /**
   * The pool's number for this analysis and its time budget, when it has one: the thread sets
   * the budget's end as the analysis starts and reports the start under this number.
   */
  budget?: { run: number; budgetMs: number };
}

/** What a thread posts to its parent as a budgeted analysis starts. */
export const ANALYSIS_STARTED = 'docket:analysis-started';

export interface AnalysisStartedMessage {
  [ANALYSIS_STARTED]: { run: number; threadId: number };
}

export function analysisStarted(message: unknown): { run: number; threadId: number } | null {
  return (
    (tagged(message, ANALYSIS_STARTED) as AnalysisStartedMessage[typeof ANALYSIS_STARTED] | undefined) ?? null
  );
}

/** Where a thread reports starts: its `parentPort` and `threadId`. */
export interface StartReporter {
  threadId: number;
  post(message: AnalysisStartedMessage): void;
}

/**
 * The thread's task handler: runs `analyse` for one task at a time, in arrival order, and gives
 * a budgeted task its budget's end as it starts.
 */
export function inTurn(
  analyse: (input: AnalysisInput) => Promise<AnalysisOutcome>,
  reporter: StartReporter,
): (task: ThreadTask) => Promise<AnalysisOutcome> {
  let previous: Promise<unknown> = Promise.resolve();
  const start = ({ input, budget }: ThreadTask): Promise<AnalysisOutcome> => {
    if (!budget) return analyse(input);
    reporter.post({ [ANALYSIS_STARTED]: { run: budget.run, threadId: reporter.threadId } });
    const timeBudget = { endsAt: Date.now() + budget.budgetMs, budgetMs: budget.budgetMs };
    return analyse(input.limits ? { ...input, limits: { ...input.limits, timeBudget } } : input);
  };
  return (task) => {
    const outcome = previous.then(() => start(task));
    previous = outcome.catch(() => {}); // a task that throws must not stop the ones behind it
    return outcome;
  };
}
