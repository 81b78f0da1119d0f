/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses `wal_autocheckpoint` pages: on the main thread it copies up to 1000 pages into the
 * database and fsyncs the WAL and the database, stalling every request and webhook for that long
 * (the slowest upload→webhook times of a busy run). Here a thread of its own checkpoints (PASSIVE)
 * soon after commits, while the main connection's automatic checkpoint stays as a safety net at
 * a much larger WAL, for when the thread cannot keep up.
 */
import { Worker } from 'node:worker_threads';

/** WAL pages after which the main connection checkpoints itself anyway (about 40 MB). */
export const SAFETY_NET_PAGES = 10_000;
/** Least time between two checkpoints. */
const INTERVAL_MS = 250;

export interface CheckpointerOptions {
  file: string;
  /** Told when a checkpoint failed; the next commit asks again. */
  onError?: (message: string) => void;
}

export class Checkpointer {
  readonly #options: CheckpointerOptions;
  #worker: Worker | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #dirty = false;
  #closed = false;
  /** Checkpoints run, for tests. */
  runs = 0;

  constructor(options: CheckpointerOptions) {
    this.#options = options;
  }

  /** After a commit: a checkpoint follows within {@link INTERVAL_MS}. */
  committed(): void {
    this.#dirty = true;
    if (this.#timer || this.#running || this.#closed) return;
    this.#timer = setTimeout(() => this.#run(), INTERVAL_MS);
    this.#timer.unref();
  }

  #thread(): Worker {
    if (!this.#worker) {
      const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
      this.#worker = new Worker(new URL(`./checkpoint-thread${extension}`, import.meta.url), {
        workerData: { file: this.#options.file },
      });
      this.#worker.unref();
      this.#worker.on('message', (result: { ok: boolean; error?: string }) => {
        this.#running = false;
        this.runs++;
        if (!result.ok) this.#options.onError?.(result.error ?? 'checkpoint failed');
        if (this.#dirty) this.committed();
      });
      this.#worker.on('error', (error) => {
        this.#running = false;
        this.#worker = undefined;
        this.#options.onError?.(error.message);
      });
    }
    return this.#worker;
  }

  #run(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    this.#dirty = false;
    this.#running = true;
    this.#thread().postMessage('checkpoint');
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // The thread is unref'd so it never keeps Docket alive; while it closes it must, or a process
    // with nothing else left to do exits before close() returns (and the store never closes).
    worker.ref();
    worker.postMessage('close');
    await exited;
  }
}
