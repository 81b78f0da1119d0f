/**
 * Makes the embedded database's commits durable off the event loop.
 *
 * With `synchronous=FULL`, SQLite fsyncs the WAL inside every COMMIT, and better-sqlite3 runs that
 * COMMIT on the main thread: each fsync stops the event loop (HTTP, webhook sends, everything) for
 * as long as the disk takes, about 0.1 ms on an idle disk and several ms on a busy one. The group
 * commit instead commits with `synchronous=NORMAL` (SQLite writes the WAL frames but does not
 * sync them) and then calls {@link WalSync.sync}, which runs `fdatasync` on the WAL file in
 * libuv's thread pool; no unit of the batch is acknowledged before it returns. fsync applies to
 * the file, not the descriptor, so syncing our own descriptor of `<db>-wal` covers frames SQLite
 * wrote through its own. The WAL is append-only between checkpoints, so one fdatasync makes every
 * commit before it durable: concurrent callers share one (a second group fsync).
 *
 * What stays as with FULL: nothing is acknowledged, signalled to other processes or sent before
 * it is on disk; SQLite still syncs the WAL before each checkpoint and the database after it.
 * What changes: another reader in this process can see a commit during the (milliseconds long)
 * sync, and a power loss in that window undoes it — as it undoes any commit whose fsync had not
 * returned. A process crash (kill -9) loses nothing either way: the frames are in the page cache.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** The calls WalSync makes, replaceable in tests. */
export interface WalFiles {
  /** Opens `file` for syncing; `undefined` while it does not exist yet. */
  open(file: string): Promise<fs.FileHandle | undefined>;
  /** fsync of a directory, so a newly created WAL's entry is durable too. */
  syncDirectory(dir: string): Promise<void>;
}

export const realWalFiles: WalFiles = {
  async open(file) {
    try {
      return await fs.open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async syncDirectory(dir) {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** What the store needs of a WAL sync (a fake in tests). */
export interface DurableLog {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  /** Resolves (never rejects) once no sync is in flight; at once when none is. */
  idle?(): Promise<void>;
  close(): Promise<void>;
}

export class WalSync implements DurableLog {
  readonly #walFile: string;
  readonly #files: WalFiles;
  #handle: fs.FileHandle | undefined;
  /** The sync in flight, if any. */
  #running: Promise<void> | undefined;
  /** The sync that starts when the one in flight ends: it covers commits made meanwhile. */
  #next: Promise<void> | undefined;
  /** Set for good once a sync failed: after a failed fsync the page cache cannot be trusted. */
  #failure: Error | undefined;
  /** How many fdatasyncs ran, for tests and benches. */
  syncs = 0;

  constructor(databaseFile: string, files: WalFiles = realWalFiles) {
    this.#walFile = `${databaseFile}-wal`;
    this.#files = files;
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (!this.#running) return this.#start();
    // The sync in flight may have started before this caller's commit: wait for the next one,
    // which every caller arriving meanwhile shares.
    this.#next ??= this.#running.then(
      () => this.#startNext(),
      () => this.#startNext(),
    );
    return this.#next;
  }

  idle(): Promise<void> {
    const settled = () => {};
    return this.#next
      ? this.#next.then(settled, settled)
      : this.#running
        ? this.#running.then(settled, settled)
        : Promise.resolve();
  }

  /** Waits for syncs in flight and closes the descriptor. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#next]);
    await this.#handle?.close();
    this.#handle = undefined;
  }

  #startNext(): Promise<void> {
    this.#next = undefined;
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#start();
  }

  #start(): Promise<void> {
    const running = this.#syncOnce().catch((error: unknown) => {
      this.#failure = new Error(
        `the database's write-ahead log could not be synced to disk (${error instanceof Error ? error.message : String(error)}); restart Docket so it recovers from what is on disk`,
      );
      throw this.#failure;
    });
    this.#running = running.finally(() => {
      if (this.#running === tracked) this.#running = undefined;
    });
    const tracked = this.#running;
    tracked.catch(() => {});
    return running;
  }

  async #syncOnce(): Promise<void> {
    // SQLite keeps the WAL file while any connection has the database open, and ours stays open
    // as long as the store: once opened, the descriptor stays valid. Until then there may be no
    // WAL yet (nothing written in WAL mode), and then there is nothing to sync.
    if (!this.#handle) {
      this.#handle = await this.#files.open(this.#walFile);
      if (!this.#handle) return;
      // A new WAL's directory entry must be durable too (SQLite's FULL does the same once).
      await this.#files.syncDirectory(path.dirname(this.#walFile));
    }
    await this.#handle.datasync();
    this.syncs++;
  }
}
