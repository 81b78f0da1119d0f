import type { Clock } from './ports.ts';

/**
 * A small map whose entries expire, for values read on every request or delivery that may be a
 * little stale (verified API keys, endpoint settings, signing keys). Bounded: when full it is
 * cleared rather than tracking recency, which is enough for these working sets.
 */
export class TtlCache<K, V> {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #entries = new Map<K, { value: V; until: number }>();

  constructor(ttlMs: number, clock: Clock, capacity = 10_000) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
    this.#capacity = capacity;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.#clock.now().getTime()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: K, value: V): void {
    if (this.#entries.size >= this.#capacity) this.#entries.clear();
    this.#entries.set(key, { value, until: this.#clock.now().getTime() + this.#ttlMs });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** The cached value, or the loader's (cached unless `undefined`/`null`). */
  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    if (value !== undefined && value !== null) this.set(key, value);
    return value;
  }
}
