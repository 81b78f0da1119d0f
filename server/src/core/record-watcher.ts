/**
 * Waits for a record to reach a terminal state, for `wait_on_process: true`. A completion in this
 * process wakes the waiter at once; a completion in another process (a separate `docket worker`)
 * is seen by polling the store, so the wait works whichever machine runs the job.
 */
import { type DocketRecord, isTerminal } from './domain.ts';
import type { Store } from './ports.ts';

const POLL_MS = 250;

export class RecordWatcher {
  readonly #store: Store;
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #listeners = new Set<(record: DocketRecord) => void>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** Call after a record became terminal in this process. */
  notify(record: DocketRecord): void {
    const waiters = this.#waiters.get(record.id);
    if (waiters) for (const wake of waiters) wake();
    for (const listener of this.#listeners) listener(record);
  }

  /**
   * Tells `listener` of every record that becomes terminal in this process, after its event
   * committed (the event stream's in-process wake-up). Returns the function that unsubscribes.
   */
  onTerminal(listener: (record: DocketRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The record once terminal, or its current state when `timeoutMs` passes first. */
  async waitForTerminal(applicationId: string, id: string, timeoutMs: number): Promise<DocketRecord | null> {
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => {};
    const waiters = this.#waiters.get(id) ?? new Set();
    this.#waiters.set(id, waiters);
    try {
      for (;;) {
        const woken = new Promise<void>((resolve) => {
          wake = resolve;
          waiters.add(resolve);
        });
        const record = await this.#store.records.get(applicationId, id);
        const remaining = deadline - Date.now();
        if (!record || isTerminal(record.status) || remaining <= 0) return record;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          woken,
          new Promise<void>((r) => (timer = setTimeout(r, Math.min(POLL_MS, remaining)))),
        ]);
        clearTimeout(timer);
        waiters.delete(wake);
      }
    } finally {
      waiters.delete(wake);
      if (waiters.size === 0) this.#waiters.delete(id);
    }
  }
}
