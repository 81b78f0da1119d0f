/**
 * Collects items and writes them in batches: the first item opens a window of `windowMs`, and the
 * batch is written when the window closes or when it holds `maxBatch` items, whichever is first.
 * One write per window instead of one per item is what keeps a durable log cheap: each write is a
 * commit, and on the embedded store each commit is an fsync that blocks the event loop.
 */
export interface BatchWriterOptions<T> {
  /** Longest an item waits for its batch to be written. */
  windowMs: number;
  /** A batch this large is written at once. */
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
  readonly #writing = new Set<Promise<void>>();

  constructor(options: BatchWriterOptions<T>) {
    this.#options = options;
  }

  add(item: T): void {
    if (this.#items.push(item) >= this.#options.maxBatch) this.#writeNow();
    else this.#timer ??= setTimeout(() => this.#writeNow(), this.#options.windowMs);
  }

  /** Writes what is waiting and resolves once every batch started so far is written (for shutdown). */
  async flush(): Promise<void> {
    this.#writeNow();
    await Promise.all([...this.#writing]);
  }

  #writeNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const items = this.#items;
    if (items.length === 0) return;
    this.#items = [];
    const writing = this.#options
      .write(items)
      .catch((error: unknown) => this.#options.onError(error, items))
      .finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }
}
