/**
 * The adapter sets the contract suite runs against, each opened through `openAdapters` exactly as
 * the composition root does: the embedded default (SQLite + job table + files), the scale-out set
 * (PostgreSQL + pg-boss + S3), and PostgreSQL with Docket's own job table (DOCKET_PG_QUEUE=table).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openAdapters } from '../../src/adapters/open.ts';
import { PostgresStore } from '../../src/adapters/postgres/store.ts';
import { SqliteStore } from '../../src/adapters/sqlite/store.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { BlobStore, Clock, LeasedTask, Store, TaskQueue } from '../../src/core/ports.ts';
import type { TestPostgres } from '../support/postgres.ts';
import type { TestS3 } from '../support/s3.ts';

export interface Harness {
  store: Store;
  queue: TaskQueue;
  blobs: BlobStore;
  /** The adapters' clock: the wall clock plus whatever the test moved it by. */
  clock: Clock & { advance(ms: number): void };
  /** Makes the task's lease lapse as if its worker had died (a reclaim may take a supervisor pass). */
  expireLease(task: LeasedTask): Promise<void>;
  /** Opens a second, independent set on the same database and blobs: "another process". */
  another(): Promise<Harness>;
  close(): Promise<void>;
}

export interface AdapterSet {
  name: string;
  /** Whether processes other than this one share the queue (cross-process wake-up applies). */
  shared: boolean;
  /** Whether its blob store hands out pre-signed download URLs (S3), or Docket serves the bytes. */
  presigns: boolean;
  open(): Promise<Harness>;
}

export interface Services {
  pg: TestPostgres;
  s3: TestS3;
}

async function harnessFrom(env: Record<string, string>, dataDir: string): Promise<Harness> {
  const config = loadConfig({ DOCKET_DATA_DIR: dataDir, DOCKET_LOG_LEVEL: 'silent', ...env });
  let offset = 0;
  const clock = {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
  const { store, queue, blobs } = await openAdapters(config, clock, {
    publicUrl: () => 'http://docket.test',
  });
  return {
    store,
    queue,
    blobs,
    clock,
    async expireLease(task) {
      if (store instanceof PostgresStore && store.boss) {
        await sql`update pgboss.job set heartbeat_on = now() - interval '1 hour' where id = ${task.id}::uuid`.execute(
          store.kysely,
        );
      } else if (store instanceof SqliteStore || store instanceof PostgresStore) {
        // Docket's own job table, on either database.
        await store.kysely.updateTable('tasks').set({ leased_until: 0 }).where('id', '=', task.id).execute();
      }
    },
    another: () => harnessFrom(env, dataDir),
    async close() {
      await queue.close();
      await blobs.close();
      await store.close();
    },
  };
}

export function adapterSets(services: () => Services): AdapterSet[] {
  let n = 0;
  return [
    {
      name: 'embedded (sqlite + job table + files)',
      shared: false,
      presigns: false,
      async open() {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-contract-'));
        return harnessFrom({ DOCKET_DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}` }, dir);
      },
    },
    {
      name: 'scale-out (postgres + pg-boss + s3)',
      shared: true,
      presigns: true,
      async open() {
        const { pg, s3 } = services();
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-contract-'));
        return harnessFrom(
          {
            DOCKET_DATABASE_URL: await pg.createDatabase('contract'),
            DOCKET_PG_QUEUE: 'pg-boss',
            DOCKET_PGBOSS_SUPERVISE_SECONDS: '1',
            DOCKET_PG_POOL_MAX: '8',
            ...s3.env(`contract-${process.pid}-${++n}`),
          },
          dir,
        );
      },
    },
    {
      name: 'postgres + job table + files',
      shared: true,
      presigns: false,
      async open() {
        const { pg } = services();
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-contract-'));
        return harnessFrom(
          {
            DOCKET_DATABASE_URL: await pg.createDatabase('contract'),
            DOCKET_PG_QUEUE: 'table',
            DOCKET_PG_POOL_MAX: '8',
            DOCKET_BLOBS: `file:${path.join(dir, 'blobs')}`,
          },
          dir,
        );
      },
    },
  ];
}
