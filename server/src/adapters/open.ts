/**
 * Picks the adapter set from the configuration: `sqlite:` + `file:` is the embedded default;
 * other schemes are added by the scale-out adapters.
 */
import type { DocketConfig } from '../config/config.ts';
import type { BlobStore, Clock, Store, TaskQueue } from '../core/ports.ts';
import { FileBlobStore } from './fs/blob-store.ts';
import { SqlTaskQueue, TaskSignal } from './sql/task-table.ts';
import { openSqlite, sqliteFileFromUrl } from './sqlite/database.ts';
import { SqliteStore } from './sqlite/store.ts';

/** One wired set of ports. */
export interface Adapters {
  store: Store;
  queue: TaskQueue;
  blobs: BlobStore;
}

async function openStoreAndQueue(config: DocketConfig, clock: Clock): Promise<Omit<Adapters, 'blobs'>> {
  if (config.databaseUrl.startsWith('sqlite:')) {
    const signal = new TaskSignal();
    const store = await SqliteStore.open({
      database: openSqlite(sqliteFileFromUrl(config.databaseUrl)),
      clock,
      signal,
    });
    return { store, queue: new SqlTaskQueue(store.kysely, clock, signal, 'sqlite') };
  }
  throw new Error(`DOCKET_DATABASE_URL ${config.databaseUrl}: no adapter for this database in this build`);
}

function openBlobs(config: DocketConfig): BlobStore {
  if (config.blobs.startsWith('file:')) return FileBlobStore.fromUrl(config.blobs);
  throw new Error(`DOCKET_BLOBS ${config.blobs}: no adapter for this blob store in this build`);
}

export async function openAdapters(config: DocketConfig, clock: Clock): Promise<Adapters> {
  const blobs = openBlobs(config);
  return { ...(await openStoreAndQueue(config, clock)), blobs };
}
