/**
 * Backpressure at intake: past a queue cap an upload is refused before anything is stored —
 * 429 with `Retry-After` when the application's own backlog is full, 503 with `Retry-After` when
 * the whole instance's is — so a flood waits at the client instead of on Docket's disk.
 * The backlog is what is queued or processing; the instance-wide count is cached for a second
 * (it is one index scan of the backlog, asked for on every upload).
 */
import type { ApplicationSettingsService } from './application-settings.ts';
import { DocketError } from './errors.ts';
import type { Backlog, Clock, Store } from './ports.ts';
import { TtlCache } from './ttl-cache.ts';

export interface AdmissionDeps {
  store: Store;
  clock: Clock;
  settings: ApplicationSettingsService;
  /** The instance's cap on its whole backlog; 0: none. */
  totalCap: number;
  retryAfterSeconds: number;
}

export class Admission {
  readonly #deps: AdmissionDeps;
  readonly #total: TtlCache<'all', Backlog>;

  constructor(deps: AdmissionDeps) {
    this.#deps = deps;
    this.#total = new TtlCache(1000, deps.clock, 1);
  }

  /** Throws the 429 or 503 refusal when the application or the instance is over its cap. */
  async admit(applicationId: string): Promise<void> {
    const { store, settings, totalCap, retryAfterSeconds } = this.#deps;
    if (totalCap > 0) {
      const all = await this.#total.getOrLoad('all', () => store.records.backlog());
      const depth = all.queued + all.processing;
      if (depth >= totalCap) {
        throw new DocketError(
          'unavailable',
          'queue_full',
          `Docket is at its queue cap (${depth} of ${totalCap} documents waiting or in analysis, DOCKET_QUEUE_CAP): nothing was stored; retry after ${retryAfterSeconds} s`,
          { queue_depth: depth, queue_cap: totalCap, retry_after_seconds: retryAfterSeconds },
        );
      }
    }
    const cap = (await settings.effective(applicationId)).queueCap;
    if (cap > 0) {
      const own = await store.records.backlog(applicationId);
      const depth = own.queued + own.processing;
      if (depth >= cap) {
        throw new DocketError(
          'rate_limited',
          'application_queue_full',
          `this application has ${depth} documents waiting or in analysis, its queue cap is ${cap} (DOCKET_QUEUE_CAP_PER_APPLICATION or its queue_cap setting): nothing was stored; retry after ${retryAfterSeconds} s`,
          { queue_depth: depth, queue_cap: cap, retry_after_seconds: retryAfterSeconds },
        );
      }
    }
  }
}
