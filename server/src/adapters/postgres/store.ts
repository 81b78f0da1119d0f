/**
 * The scale-out store: the same Kysely repositories as the embedded SQLite store (sql/*), over
 * Kysely's PostgresDialect and one bounded pg Pool. Each `transaction` is a real PostgreSQL
 * transaction (`READ COMMITTED`); PostgreSQL commits are durable (`synchronous_commit=on`).
 *
 * The queue is pg-boss (default) or Docket's own job table (`DOCKET_PG_QUEUE=table`); either way
 * the TaskWriter in `Repositories.tasks` writes into the caller's transaction. A commit that
 * enqueued tasks wakes this process's workers at once (as SqliteStore does) and, through
 * `NOTIFY docket_tasks` sent inside the same transaction, every other process's workers.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { Clock, Repositories, Store, TaskQueue, TaskWriter } from '../../core/ports.ts';
import { migrateToLatest } from '../sql/migrations.ts';
import { PreparedQueries } from '../sql/prepared-queries.ts';
import { sqlRepositories } from '../sql/repositories.ts';
import { RepositoryFacade } from '../sql/repository-facade.ts';
import type { Database } from '../sql/schema.ts';
import { SqlTaskQueue, TaskSignal } from '../sql/task-table.ts';
import { SqlTaskWriter } from '../sql/task-writer.ts';
import { createPool, PgListener, TASKS_CHANNEL } from './database.ts';
import { PgBossTaskQueue, PgBossTasks, PgBossTaskWriter } from './pg-boss-queue.ts';

export type PgQueueKind = 'pg-boss' | 'table';

export interface PostgresStoreOptions {
  url: string;
  clock: Clock;
  /** Pool size (connections per process). */
  poolMax: number;
  queue: PgQueueKind;
  /** Worker lease; with pg-boss it becomes the heartbeat interval. */
  leaseMs: number;
  /** pg-boss supervisor cadence: how soon a job whose worker died is put back (default 15 s). */
  superviseSeconds?: number;
  /** With pg-boss: most tasks of one lane active at once in fair claims (its group concurrency). */
  groupConcurrency?: number;
  /** Run pg-boss maintenance in this process (default true; it is coordinated across processes). */
  supervise?: boolean;
}

const BOSS_SCHEMA = 'pgboss';
/** Serialises Docket's schema migrations when many processes start at once. */
const MIGRATION_LOCK = 0x646f636b; // 'dock'

export class PostgresStore extends RepositoryFacade implements Store {
  readonly kysely: Kysely<Database>;
  readonly pool: pg.Pool;
  readonly signal = new TaskSignal();
  readonly #clock: Clock;
  readonly #prepared = new PreparedQueries();
  readonly #options: PostgresStoreOptions;
  #boss: PgBoss | null = null;
  #bossPool: pg.Pool | null = null;
  #bossTasks: PgBossTasks | null = null;
  #listener: PgListener | null = null;

  private constructor(options: PostgresStoreOptions) {
    super();
    this.#options = options;
    this.#clock = options.clock;
    this.pool = createPool({ url: options.url, max: options.poolMax });
    this.kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: this.pool }) });
  }

  /** Connects, migrates Docket's schema (and pg-boss's), and starts listening for other processes' tasks. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await store.#migrate();
      if (options.queue === 'pg-boss') await store.#startBoss();
      // After the queue is up, so the repositories' task writer is pg-boss's when it is used.
      store.expose(
        store.#repositories(store.kysely, () => {
          // Outside a transaction the insert has already committed.
          store.signal.notify();
          void sql`select pg_notify(${TASKS_CHANNEL}, '')`.execute(store.kysely).catch(() => {});
        }),
      );
      store.#listener = new PgListener(options.url, TASKS_CHANNEL, () => store.signal.notify());
      await store.#listener.start();
    } catch (error) {
      await store.close().catch(() => {});
      throw error;
    }
    return store;
  }

  async #migrate(): Promise<void> {
    await this.kysely.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
      try {
        await migrateToLatest(conn as Kysely<unknown>, 'postgres');
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
      }
    });
  }

  async #startBoss(): Promise<void> {
    // pg-boss gets a small pool of its own. Sharing Docket's would deadlock under load: a
    // transaction holding a connection can wait on a pg-boss call (queue lookup) that needs one.
    const pool = createPool({
      url: this.#options.url,
      max: Math.max(2, Math.ceil(this.#options.poolMax / 2)),
      applicationName: 'docket-pgboss',
    });
    this.#bossPool = pool;
    const supervise = this.#options.supervise ?? true;
    const everySeconds = this.#options.superviseSeconds ?? 15;
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) },
      schema: BOSS_SCHEMA,
      supervise,
      // The supervisor is what puts a dead worker's job back (missed heartbeat): run it often.
      superviseIntervalSeconds: everySeconds,
      monitorIntervalSeconds: everySeconds,
      schedule: false,
      migrate: true,
      registerInstance: false,
      openTelemetry: { enabled: false },
    });
    boss.on('error', () => {});
    boss.on('warning', () => {});
    await boss.start();
    this.#boss = boss;
    this.#bossTasks = new PgBossTasks({
      boss,
      schema: BOSS_SCHEMA,
      leaseMs: this.#options.leaseMs,
      groupConcurrency: this.#options.groupConcurrency ?? 4,
    });
  }

  /** The pg-boss instance (pg-boss mode only), for operations and tests. */
  get boss(): PgBoss | null {
    return this.#boss;
  }

  #writer(db: Kysely<Database>, onEnqueued: () => void): TaskWriter {
    if (this.#options.queue === 'pg-boss') {
      // open() starts pg-boss before it exposes any repository.
      if (!this.#bossTasks) throw new Error('pg-boss is not started');
      return new PgBossTaskWriter(this.#bossTasks, db, onEnqueued);
    }
    return new SqlTaskWriter(db, this.#clock, onEnqueued, this.#prepared);
  }

  #repositories(db: Kysely<Database>, onEnqueued: () => void): Repositories {
    return {
      ...sqlRepositories(db, this.#clock, onEnqueued, this.#prepared),
      tasks: this.#writer(db, onEnqueued),
    };
  }

  /** The consuming side of whichever queue this store writes to. */
  taskQueue(): TaskQueue {
    if (this.#options.queue === 'pg-boss') {
      if (!this.#bossTasks) throw new Error('pg-boss is not started');
      return new PgBossTaskQueue(this.#bossTasks, this.kysely, this.#clock, this.signal);
    }
    return new SqlTaskQueue({
      db: this.kysely,
      clock: this.#clock,
      signal: this.signal,
      dialect: 'postgres',
      prepared: this.#prepared,
    });
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    let enqueued = false;
    const value = await this.kysely.transaction().execute(async (trx) => {
      const tx = this.#repositories(trx, () => {
        enqueued = true;
      });
      const result = await work(tx);
      // Delivered to every listening process only if and when this transaction commits.
      if (enqueued) await sql`select pg_notify(${TASKS_CHANNEL}, '')`.execute(trx);
      return result;
    });
    if (enqueued) this.signal.notify();
    return value;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.#listener?.close();
    this.#listener = null;
    if (this.#boss) await this.#boss.stop({ graceful: true, close: false, timeout: 5000 }).catch(() => {});
    this.#boss = null;
    await this.#bossPool?.end().catch(() => {});
    this.#bossPool = null;
    await this.kysely.destroy();
  }
}
