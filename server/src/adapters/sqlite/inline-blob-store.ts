/**
 * The embedded default's blob store: files up to a size limit live in the SQLite database, larger
 * ones on the file system (a {@link FileBlobStore}, which also signs download links).
 *
 * Why: a file blob costs a temp-file create, write, fdatasync, rename and directory fsync, two
 * journal commits of the file system per upload, before the record row's own WAL fsync. A small
 * blob written as a row joins the store's group commit instead: its bytes are appended to the WAL
 * with the other units of the batch and made durable by the one fdatasync they share. Measured on
 * 100 KB uploads this is most of the kernel time an upload cost (see docs/performance.md), and
 * SQLite reads and writes blobs of this size faster than the file system does
 * (https://www.sqlite.org/intern-v-extern-blob.html). Large files stay files, so the database
 * never holds a 50 MB value and a read never copies one on the event loop.
 *
 * Durability is the file store's: `put` resolves only once the commit holding the row is synced.
 * Reads look in the database first, then on disk, so blobs written before this store (or too big
 * for it) are found wherever they are.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { BlobStore, DownloadAs, PresignedDownload, Repositories } from '../../core/ports.ts';
import { assertBlobKey } from '../blob-key.ts';
import type { FileBlobStore } from '../fs/blob-store.ts';
import type { SqliteStore } from './store.ts';

/** Below this, a blob is a row (default 1 MiB): well within what SQLite handles as fast as a file. */
export const DEFAULT_MAX_INLINE_BYTES = 1024 * 1024;

export interface InlineBlobStoreOptions {
  /** The embedded database, opened and migrated (the `inline_blobs` table exists). */
  database: BetterSqlite3.Database;
  /** Its store, whose group commit the writes join. */
  store: Pick<SqliteStore, 'batched'>;
  /** Where blobs above the limit go, and what signs download links. */
  files: FileBlobStore;
  /** The largest blob kept in the database; 0 keeps every blob on disk. */
  maxInlineBytes?: number;
}

export class InlineBlobStore implements BlobStore {
  readonly #store: Pick<SqliteStore, 'batched'>;
  readonly #files: FileBlobStore;
  readonly #maxInlineBytes: number;
  readonly #insert: BetterSqlite3.Statement<[string, Uint8Array]>;
  readonly #select: BetterSqlite3.Statement<[string], { data: Buffer }>;
  readonly #delete: BetterSqlite3.Statement<[string]>;
  readonly #exists: BetterSqlite3.Statement<[string]>;

  constructor(options: InlineBlobStoreOptions) {
    this.#store = options.store;
    this.#files = options.files;
    this.#maxInlineBytes = options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES;
    const db = options.database;
    // A put of an existing key replaces it, as a file rename does.
    this.#insert = db.prepare('insert or replace into inline_blobs (key, data) values (?, ?)');
    this.#select = db.prepare('select data from inline_blobs where key = ?');
    this.#delete = db.prepare('delete from inline_blobs where key = ?');
    this.#exists = db.prepare('select 1 from inline_blobs where key = ?').pluck();
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    assertBlobKey(key);
    if (data.byteLength > this.#maxInlineBytes) {
      await this.#files.put(key, data);
      // A smaller earlier version in the database would otherwise shadow the new file.
      await this.#deleteRow(key);
      return;
    }
    // Runs on the group commit's connection, inside its transaction; replaying it is harmless.
    await this.#store.batched(async () => void this.#insert.run(key, data));
  }

  /**
   * A small blob is a row: the intake writes it in the record's own transaction, so one commit and
   * one fdatasync make both durable. Large blobs are files and must be put before.
   */
  putInTransaction(key: string, data: Uint8Array): ((tx: Repositories) => Promise<void>) | undefined {
    assertBlobKey(key);
    if (data.byteLength > this.#maxInlineBytes) return undefined;
    // The statement runs on the store's one connection, so inside whatever transaction is open.
    return async () => void this.#insert.run(key, data);
  }

  async get(key: string): Promise<Buffer> {
    assertBlobKey(key);
    const row = this.#select.get(key);
    if (row) return row.data;
    return this.#files.get(key);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await Promise.all([this.#deleteRow(key), this.#files.delete(key)]);
  }

  /** Deletes the key's row, paying for a durable commit only when there is one to delete. */
  async #deleteRow(key: string): Promise<void> {
    if (this.#exists.get(key) === undefined) return;
    await this.#store.batched(async () => void this.#delete.run(key));
  }

  presignedUrl(key: string, ttlSeconds: number, download?: DownloadAs): Promise<string> {
    return this.#files.presignedUrl(key, ttlSeconds, download);
  }

  async openPresigned(token: string): Promise<PresignedDownload> {
    const grant = await this.#files.verifyPresigned(token);
    return { bytes: await this.get(grant.key), filename: grant.filename, contentType: grant.contentType };
  }

  close(): Promise<void> {
    return this.#files.close();
  }
}
