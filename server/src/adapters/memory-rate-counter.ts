import type { Clock, RateCounter } from '../core/ports.ts';

/** Fixed-window counters in this process's memory: right for the single-process embedded mode. */
export class MemoryRateCounter implements RateCounter {
  readonly #clock: Clock;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.#clock.now().getTime();
    const start = now - (now % windowMs);
    let window = this.#windows.get(key);
    if (!window || window.start !== start) {
      if (this.#windows.size > 100_000) this.#windows.clear();
      window = { start, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetInMs: start + windowMs - now };
  }
}
