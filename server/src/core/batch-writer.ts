/**
 * Collects items and writes them in batches: the first item opens a window of `windowMs`, and the
 * batch is written when the window closes or when it holds `maxBatch` items, whichever is first.
 * One write runs at a time; what arrives meanwhile is written as soon as it ends. One write per
 * window instead of one per item is what keeps a durable log cheap: each write is a commit, and on
 * the embedded store each commit is an fsync that blocks the event loop. One at a time keeps
 * concurrent transactions from taking the same rows' locks in different orders.
 */
export interface BatchWriterOptions<T> {
  /** Longest an item waits for its batch to start being written. */
  windowMs: number;
  /** A batch this large is written at once; a write takes at most this many items. */
  maxBatch: number;
  /** Writes one batch; items are in the order they were added. */
  write: (items: T[]) => Promise<void>;
  /** Told about a batch whose write threw (its items are not retried here). */
  onError: (error: unknown, items: readonly T[]) => void;
}

export class BatchWriter<T> {
  readonly #options: BatchWriterOptions<T>;
  #items: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(options: BatchWriterOptions<T>) {
    this.#options = options;
  }

  /** Queues an item; `false` once the writer is closed (the item is not written). */
  add(item: T): boolean {
    if (this.#closed) return false;
    this.#items.push(item);
    if (this.#writing) return true; // written when the write in flight ends
    if (this.#items.length >= this.#options.maxBatch) this.#startWrite();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.#startWrite(), this.#options.windowMs);
      this.#timer.unref(); // a waiting batch never keeps the process alive; close() writes it
    }
    return true;
  }

  /** Writes what is waiting and resolves once nothing is waiting or being written. */
  async flush(): Promise<void> {
    while (this.#writing || this.#items.length > 0) {
      if (!this.#writing) this.#startWrite();
      await this.#writing;
    }
  }

  /** Refuses further items and writes what is waiting (for shutdown, before the store closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #startWrite(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing || this.#items.length === 0) return;
    const items = this.#items.splice(0, this.#options.maxBatch);
    this.#writing = this.#write(items).finally(() => {
      this.#writing = undefined;
      // Items that arrived during the write have waited long enough.
      if (this.#items.length > 0) this.#startWrite();
    });
  }

  async #write(items: T[]): Promise<void> {
    try {
      await this.#options.write(items);
    } catch (error) {
      try {
        this.#options.onError(error, items);
      } catch {
        // A failing error report must not turn into an unhandled rejection.
      }
    }
  }
}
