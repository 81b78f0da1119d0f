/**
 * An application's effective limits and retention policy: its own settings where it set them,
 * the instance defaults (config) elsewhere. Read on every upload when a queue cap is on, so the
 * answer is cached for a few seconds; a change through the API clears its entry at once.
 */
import type { ApplicationSettings, EffectiveSettings } from './domain.ts';
import type { Clock, Store } from './ports.ts';
import { TtlCache } from './ttl-cache.ts';

export class ApplicationSettingsService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #defaults: EffectiveSettings;
  readonly #cache: TtlCache<string, ApplicationSettings>;

  constructor(store: Store, clock: Clock, defaults: EffectiveSettings) {
    this.#store = store;
    this.#clock = clock;
    this.#defaults = defaults;
    this.#cache = new TtlCache(5000, clock);
  }

  get defaults(): EffectiveSettings {
    return this.#defaults;
  }

  /** What the application set itself (`null` fields take the default). */
  own(applicationId: string): Promise<ApplicationSettings> {
    return this.#cache.getOrLoad(applicationId, () => this.#store.applications.settings(applicationId));
  }

  async effective(applicationId: string): Promise<EffectiveSettings> {
    return effectiveSettings(await this.own(applicationId), this.#defaults);
  }

  async save(applicationId: string, settings: ApplicationSettings): Promise<void> {
    await this.#store.applications.saveSettings(applicationId, settings, this.#clock.now());
    this.#cache.delete(applicationId);
  }
}

/** Own settings over defaults. */
export function effectiveSettings(own: ApplicationSettings, defaults: EffectiveSettings): EffectiveSettings {
  return {
    queueCap: own.queueCap ?? defaults.queueCap,
    deleteFileAfterDelivery: own.deleteFileAfterDelivery ?? defaults.deleteFileAfterDelivery,
    fileRetentionDays: own.fileRetentionDays ?? defaults.fileRetentionDays,
    resultRetentionDays: own.resultRetentionDays ?? defaults.resultRetentionDays,
  };
}
