/**
 * An analyser thread for the pool's tests: the pool's own way of taking tasks (`inTurn`), with
 * analyses that do what the test asks instead of reading a file. `kind` says what:
 * - `busy`: holds the thread for `options.ms` milliseconds, as a CPU-bound page does;
 * - `hang`: holds it for good, as a page stuck in native code does.
 * A `busy` analysis answers with when it started and ended, on which thread, and its budget's end.
 * Given `options.done` (an `Int32Array` on shared memory), it also sets its first element and
 * wakes whoever waits on it as it ends, which a blocked event loop can see.
 */
import { parentPort, threadId } from 'node:worker_threads';
import type { AnalysisInput, AnalysisOutcome } from '../../src/core/ports.ts';
import { threadLoadedMessage } from '../../src/worker/thread-loading.ts';
import { inTurn } from '../../src/worker/thread-turns.ts';

/** What a `busy` analysis answers. */
export interface ScriptedResult {
  startedAt: number;
  endedAt: number;
  threadId: number;
  budgetEndsAt: number | null;
}

const blocker = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread without giving its event loop a turn. */
function holdThread(ms: number): void {
  Atomics.wait(blocker, 0, 0, ms);
}

async function analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
  const startedAt = Date.now();
  if (input.kind === 'hang') for (;;) holdThread(1_000);
  holdThread(Number(input.options.ms ?? 0));
  const done = input.options.done;
  if (done instanceof Int32Array) {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
  const result: ScriptedResult = {
    startedAt,
    endedAt: Date.now(),
    threadId,
    budgetEndsAt: input.limits?.timeBudget?.endsAt ?? null,
  };
  return { ok: true, result, pages: 1 };
}

export default inTurn(analyse, { threadId, post: (message) => parentPort?.postMessage(message) });

parentPort?.postMessage(threadLoadedMessage(threadId));
