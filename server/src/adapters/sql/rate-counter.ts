import type { Kysely } from 'kysely';
import type { Clock, RateCounter } from '../../core/ports.ts';
import type { Database } from './schema.ts';

/** Prune finished windows once in this many hits. */
const PRUNE_EVERY = 1000;

/**
 * Fixed-window counters in the database (one UPSERT per hit), so every API process sees the same
 * totals. Used by the scale-out adapters; the embedded mode counts in memory.
 */
export class SqlRateCounter implements RateCounter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  #hits = 0;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.#clock.now().getTime();
    const windowStart = now - (now % windowMs);
    const row = await this.#db
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, count: 1 })
      .onConflict((oc) =>
        oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    if (++this.#hits % PRUNE_EVERY === 0) {
      // Housekeeping, off the request's path: a failed prune is simply tried again later.
      void this.#db
        .deleteFrom('rate_limits')
        .where('window_start', '<', windowStart - windowMs)
        .execute()
        .catch(() => {});
    }
    return { count: Number(row.count), resetInMs: windowStart + windowMs - now };
  }
}
