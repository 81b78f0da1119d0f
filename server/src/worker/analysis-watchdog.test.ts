import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisWatchdog } from './analysis-watchdog.ts';
import { ANALYSIS_STARTED } from './thread-turns.ts';

describe('AnalysisWatchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const pool = new EventEmitter();
    const ended: number[] = [];
    const watchdog = new AnalysisWatchdog({ pool, endThread: (id) => ended.push(id), graceMs: () => 100 });
    const start = (run: number, threadId: number) =>
      pool.emit('message', { [ANALYSIS_STARTED]: { run, threadId } });
    return { watchdog, ended, start };
  }

  it('ends the thread an analysis started on once budget and grace have passed since its start', () => {
    const { watchdog, ended, start } = setUp();
    const watched = watchdog.watch(1_000);
    vi.advanceTimersByTime(5_000); // waiting behind another analysis does not count
    start(watched.run, 4);
    vi.advanceTimersByTime(1_099);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ended).toEqual([4]);
    expect(watched.timedOut).toBe(true);
  });

  it('disarms on done, ignores a start reported after it, and tells others a thread was ended', () => {
    const { watchdog, ended, start } = setUp();
    const finished = watchdog.watch(1_000);
    const hung = watchdog.watch(1_000);
    const behind = watchdog.watch(1_000);
    start(finished.run, 1);
    finished.done();
    start(finished.run, 1); // a late report of the same start, on another port than the outcome
    start(hung.run, 2);
    vi.advanceTimersByTime(10_000);
    expect(ended).toEqual([2]);
    expect(finished.timedOut).toBe(false);
    expect(behind.timedOut).toBe(false);
    expect(behind.threadMayHaveBeenEnded).toBe(true);

    const firstRun = behind.run;
    behind.retried();
    expect(behind.run).not.toBe(firstRun);
    expect(behind.threadMayHaveBeenEnded).toBe(false);
    start(firstRun, 2); // a start of the ended run arms nothing
    vi.advanceTimersByTime(10_000);
    expect(ended).toEqual([2]);
  });
});
