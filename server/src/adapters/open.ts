/**
 * Picks the adapter set from the configuration: `sqlite:` + `file:` is the embedded default;
 * `postgres://` (+ pg-boss, or Docket's job table on PostgreSQL) and `s3://` are the scale-out
 * adapters. Any database works with any blob store. The scale-out adapters are imported only when
 * configured, so the embedded default does not load PostgreSQL's, pg-boss's and the AWS SDK's
 * modules.
 */
import type { DocketConfig } from '../config/config.ts';
import type { BlobStore, Clock, RateCounter, Store, TaskQueue } from '../core/ports.ts';
import { FileBlobStore } from './fs/blob-store.ts';
import { MemoryRateCounter } from './memory-rate-counter.ts';
import { TaskSignal } from './sql/task-table.ts';
import { openSqlite, sqliteFileFromUrl } from './sqlite/database.ts';
import { InlineBlobStore } from './sqlite/inline-blob-store.ts';
import { SqliteStore } from './sqlite/store.ts';

/** One wired set of ports. */
export interface Adapters {
  store: Store;
  queue: TaskQueue;
  blobs: BlobStore;
  rateCounter: RateCounter;
}

async function openStoreAndQueue(config: DocketConfig, clock: Clock, blobs: BlobStore): Promise<Adapters> {
  if (config.databaseUrl.startsWith('sqlite:')) {
    const signal = new TaskSignal();
    const database = openSqlite(sqliteFileFromUrl(config.databaseUrl));
    const store = await SqliteStore.open({ database, clock, signal });
    return {
      store,
      queue: store.taskQueue(),
      // Small files join the database's group commit instead of paying file fsyncs of their own.
      blobs:
        blobs instanceof FileBlobStore && config.inlineBlobMaxBytes > 0
          ? new InlineBlobStore({ database, store, files: blobs, maxInlineBytes: config.inlineBlobMaxBytes })
          : blobs,
      // One process serves the API: counting in memory is exact and costs no write.
      rateCounter: new MemoryRateCounter(clock),
    };
  }
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    const [{ PostgresStore }, { SqlRateCounter }] = await Promise.all([
      import('./postgres/store.ts'),
      import('./sql/rate-counter.ts'),
    ]);
    const store = await PostgresStore.open({
      url: config.databaseUrl,
      clock,
      poolMax: config.scaleOut.pgPoolMax,
      queue: config.scaleOut.pgQueue,
      leaseMs: config.leaseMs,
      superviseSeconds: config.scaleOut.pgBossSuperviseSeconds,
      groupConcurrency: config.scaleOut.pgBossGroupConcurrency,
    });
    return {
      store,
      queue: store.taskQueue(),
      blobs,
      rateCounter: new SqlRateCounter(store.kysely, clock),
    };
  }
  throw new Error(`DOCKET_DATABASE_URL ${config.databaseUrl}: no adapter for this database in this build`);
}

/** What the adapters need from the process beyond the configuration. */
export interface AdapterOptions {
  /** Where customers reach Docket, for links the file store signs; asked when a link is made. */
  publicUrl?: () => string;
}

async function openBlobs(
  config: DocketConfig,
  clock: Clock,
  { publicUrl }: AdapterOptions,
): Promise<BlobStore> {
  if (config.blobs.startsWith('file:')) {
    return FileBlobStore.fromUrl(config.blobs, { clock, ...(publicUrl ? { publicUrl } : {}) });
  }
  if (config.blobs.startsWith('s3://')) {
    const { parseS3Url, S3BlobStore } = await import('./s3/blob-store.ts');
    const { s3Endpoint, s3Region, s3ForcePathStyle, s3AccessKeyId, s3SecretAccessKey } = config.scaleOut;
    return new S3BlobStore({
      ...parseS3Url(config.blobs),
      endpoint: s3Endpoint,
      region: s3Region,
      forcePathStyle: s3ForcePathStyle,
      credentials:
        s3AccessKeyId && s3SecretAccessKey
          ? { accessKeyId: s3AccessKeyId, secretAccessKey: s3SecretAccessKey }
          : null,
    });
  }
  throw new Error(`DOCKET_BLOBS ${config.blobs}: no adapter for this blob store in this build`);
}

export async function openAdapters(
  config: DocketConfig,
  clock: Clock,
  options: AdapterOptions = {},
): Promise<Adapters> {
  return openStoreAndQueue(config, clock, await openBlobs(config, clock, options));
}
