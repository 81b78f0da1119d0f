/**
 * The retention sweep, run by the worker every `intervalMs`: for each application, under its
 * effective policy (own settings over the instance defaults),
 *
 * - files of finished records older than `file_retention_days`, and, with
 *   `delete_file_after_delivery`, files of finished records with no webhook delivery pending,
 *   get a `record.purge_file` task (idempotency key per record, so sweeps running in several
 *   workers, or again after a crash, enqueue each file once);
 * - results of records finished longer ago than `result_retention_days` are deleted with the
 *   events that carried them, in one transaction per batch.
 *
 * Everything it writes is idempotent and transactional, so a sweep killed part way is simply
 * finished by the next one; the file deletions themselves are the purge task's (see purge-file.ts).
 */
import type { Logger } from 'pino';
import type { ApplicationSettingsService } from '../core/application-settings.ts';
import type { Clock, Store } from '../core/ports.ts';
import { TASKS, taskSpec } from '../core/tasks.ts';

const DAY_MS = 86_400_000;
/** Records handled per application per rule and sweep; the next sweep takes the rest. */
const BATCH = 500;

export interface RetentionSweepDeps {
  store: Store;
  clock: Clock;
  settings: ApplicationSettingsService;
  logger: Logger;
  intervalMs: number;
}

/** What one sweep did. */
export interface SweepReport {
  filesQueued: number;
  resultsDeleted: number;
}

export class RetentionSweeper {
  readonly #deps: RetentionSweepDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | null = null;

  constructor(deps: RetentionSweepDeps) {
    this.#deps = deps;
  }

  start(): void {
    const tick = () => {
      void this.sweep()
        .catch((err) => this.#deps.logger.error({ err }, 'retention sweep failed; the next one retries'))
        .finally(() => {
          if (this.#timer !== undefined) this.#arm(tick);
        });
    };
    this.#arm(tick);
  }

  #arm(tick: () => void): void {
    this.#timer = setTimeout(tick, this.#deps.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }

  /** One pass over every application (one at a time; a second call waits for the running one). */
  sweep(): Promise<SweepReport> {
    this.#running ??= this.#sweepAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #sweepAll(): Promise<SweepReport> {
    const { store, settings } = this.#deps;
    const report: SweepReport = { filesQueued: 0, resultsDeleted: 0 };
    for (const app of await store.applications.list()) {
      const policy = await settings.effective(app.id);
      const now = this.#deps.clock.now();
      if (policy.fileRetentionDays > 0) {
        const ids = await store.records.filesDue({
          applicationId: app.id,
          finishedBefore: new Date(now.getTime() - policy.fileRetentionDays * DAY_MS),
          limit: BATCH,
        });
        report.filesQueued += await this.#enqueuePurges(ids, 'retention');
      }
      if (policy.deleteFileAfterDelivery) {
        const ids = await store.records.filesDue({ applicationId: app.id, delivered: true, limit: BATCH });
        report.filesQueued += await this.#enqueuePurges(ids, 'delivered');
      }
      if (policy.resultRetentionDays > 0) {
        const before = new Date(now.getTime() - policy.resultRetentionDays * DAY_MS);
        const deleted = await store.transaction((tx) => tx.records.deleteResults(app.id, before, BATCH, now));
        report.resultsDeleted += deleted.length;
      }
    }
    return report;
  }

  async #enqueuePurges(ids: readonly string[], reason: string): Promise<number> {
    if (ids.length === 0) return 0;
    await this.#deps.store.transaction(async (tx) => {
      for (const id of ids) {
        await tx.tasks.enqueue(
          taskSpec(TASKS.purgeFile, { record_id: id, reason }, { idempotencyKey: `purge_file:${id}` }),
        );
      }
    });
    return ids.length;
  }
}
