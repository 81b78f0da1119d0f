/**
 * The embedded store: Kysely over better-sqlite3.
 *
 * Group commit: transactions that arrive in the same event-loop turn share one
 * `BEGIN IMMEDIATE … COMMIT` and so one fsync instead of one per request — which is what lets
 * durable intake keep up with a bare HTTP route. A unit that throws is isolated by running the
 * batch again one unit per transaction, so units may run more than once: they must only touch
 * the database through the repositories they are given.
 *
 * Durability: statements outside a group commit run with `synchronous=FULL`. A group commit runs
 * with `synchronous=NORMAL` and is then made durable by one fdatasync of the WAL in the thread pool
 * (wal-sync.ts), shared with the batches committed meanwhile; its units are acknowledged only after
 * it. The event loop keeps serving requests and sending webhooks while the disk syncs.
 *
 * Handoffs (handoffs.ts): a task a group commit enqueues goes, when a worker of this process has
 * a free slot for it, straight to that worker, written leased to it and started with the units'
 * acknowledgement, once the commit is durable.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Clock, Repositories, Store, TransactionOptions } from '../../core/ports.ts';
import { migrateToLatest } from '../sql/migrations.ts';
import { PreparedQueries } from '../sql/prepared-queries.ts';
import { sqlRepositories } from '../sql/repositories.ts';
import { RepositoryFacade } from '../sql/repository-facade.ts';
import type { Database } from '../sql/schema.ts';
import { SqlTaskQueue, type TaskSignal } from '../sql/task-table.ts';
import { Checkpointer, SAFETY_NET_PAGES } from './checkpointer.ts';
import { type PreparingDatabase, runStatement, withStatementCache } from './database.ts';
import { type HandedTask, Handoffs, startOrCancel } from './handoffs.ts';
import { type DurableLog, WalSync } from './wal-sync.ts';

interface PendingUnit {
  work: (tx: Repositories, conn: Kysely<Database>) => Promise<unknown>;
  /** `false`: acknowledged once the commits before it are durable, without waiting for its own. */
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What running units in one transaction gave: their values, or the first error. */
type TransactionOutcome =
  | { ok: true; values: unknown[]; commit: number; handed: HandedTask[] }
  | { ok: false; error: unknown };

/** Upper bound on units per group commit, so one batch never holds the write lock for long. */
const MAX_BATCH = 256;

export interface SqliteStoreOptions {
  database: BetterSqlite3.Database;
  clock: Clock;
  /** Woken after a commit that enqueued tasks. */
  signal: TaskSignal;
  /**
   * How group commits are made durable. Default: a {@link WalSync} of the database's WAL when it is
   * a file in WAL mode; otherwise (`:memory:`) each COMMIT runs with the connection's own setting.
   */
  walSync?: DurableLog;
  /** Checkpoints the WAL off the event loop; default: one for a database file in WAL mode. */
  checkpointer?: Checkpointer;
}

export class SqliteStore extends RepositoryFacade implements Store {
  readonly kysely: Kysely<Database>;
  readonly #clock: Clock;
  readonly #signal: TaskSignal;
  readonly #autocommit: Repositories;
  readonly #prepared: PreparedQueries;
  readonly #statements: PreparingDatabase;
  readonly #walSync: DurableLog | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  /** `pragma synchronous = normal` / `= full`, prepared once: switched around every group commit. */
  readonly #synchronous: { normal: BetterSqlite3.Statement; full: BetterSqlite3.Statement } | undefined;
  /** The connection of the group commit in progress, held by it until it commits or rolls back. */
  #inTransaction: Kysely<Database> | undefined;
  #pending: PendingUnit[] = [];
  /** Group commits so far, and how many of them are known to be on disk. */
  #commits = 0;
  #durableCommits = 0;
  #flushScheduled = false;
  /** Workers of this process that take tasks straight from commits (handoffs.ts). */
  readonly #handoffs = new Handoffs();

  private constructor(options: SqliteStoreOptions) {
    super();
    const walFile = inWalMode(options.database);
    this.#walSync = options.walSync ?? (walFile ? new WalSync(walFile) : undefined);
    this.#checkpointer = options.checkpointer ?? (walFile ? new Checkpointer({ file: walFile }) : undefined);
    // The thread checkpoints; the COMMIT's own automatic checkpoint only if the WAL ever grows this far.
    if (this.#checkpointer) options.database.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    this.#synchronous = this.#walSync
      ? {
          normal: options.database.prepare('pragma synchronous = normal'),
          full: options.database.prepare('pragma synchronous = full'),
        }
      : undefined;
    this.#statements = withStatementCache(options.database);
    this.kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: this.#statements as BetterSqlite3.Database }),
    });
    this.#prepared = new PreparedQueries((db, source, parameters) =>
      db === this.#inTransaction ? runStatement(this.#statements, source, parameters) : undefined,
    );
    this.#clock = options.clock;
    this.#signal = options.signal;
    this.#autocommit = sqlRepositories(
      this.kysely,
      this.#clock,
      (type) => this.#signal.notify(new Set([type])),
      this.#prepared,
    );
    this.expose(this.#autocommit);
  }

  /** Opens the store and brings the schema up to date. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const store = new SqliteStore(options);
    await migrateToLatest(store.kysely as Kysely<unknown>, 'sqlite');
    return store;
  }

  /**
   * The job table's consuming side: claims and lease changes run as units of the group commit,
   * with this store's prepared statements.
   */
  taskQueue(): SqlTaskQueue {
    return new SqlTaskQueue({
      db: this.kysely,
      clock: this.#clock,
      signal: this.#signal,
      dialect: 'sqlite',
      write: (work, options) => this.batched((_tx, conn) => work(conn), options),
      prepared: this.#prepared,
      acceptHandoffs: (acceptor) => this.#handoffs.accept(acceptor),
    });
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.batched((tx) => work(tx), { durable: options.durable ?? true });
  }

  /**
   * Runs raw statements as one unit of the next group commit. The job table uses it for claims
   * and lease changes, so under load they share fsyncs with everything else instead of each
   * paying its own.
   */
  batched<T>(
    work: (tx: Repositories, conn: Kysely<Database>) => Promise<T>,
    options: { durable: boolean } = { durable: true },
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({
        work,
        durable: options.durable,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    // A commit made while a sync runs waits for the next sync anyway, and so would anything after
    // it: gather what arrives meanwhile into one commit when the sync ends. Fewer, larger commits
    // write each shared page (a table's last leaf, an index) once per batch instead of per unit.
    await this.#walSync?.idle?.();
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (this.#pending.length > 0) setImmediate(() => void this.#flush());
    else this.#flushScheduled = false;
    if (batch.length === 0) return;

    // Optimistic: the whole batch in one transaction. Units rarely fail; when one does, the batch
    // is rolled back and every unit runs again in a transaction of its own, so a failure only
    // ever affects the unit that threw.
    const together = await this.#runInOneTransaction(batch);
    if (together.ok) {
      // Committed: acknowledged once durable. A failed sync fails the units without running them
      // again (they did commit; only their durability is unknown). A handed task must not start
      // before its commit is on disk, whatever its units asked for.
      const synced = await this.#durable(
        together.commit,
        together.handed.length > 0 || batch.some((unit) => unit.durable),
      );
      this.#checkpointer?.committed();
      for (const [i, unit] of batch.entries()) {
        if (synced.ok) unit.resolve(together.values[i]);
        else unit.reject(synced.error);
      }
      startOrCancel(together.handed, synced.ok);
      return;
    }
    const outcomes = [];
    for (const unit of batch) outcomes.push(await this.#runInOneTransaction([unit]));
    const synced = await this.#durable(this.#commits, true);
    for (const [i, unit] of batch.entries()) {
      const alone = outcomes[i]!;
      if (!alone.ok) unit.reject(alone.error);
      else if (synced.ok) unit.resolve(alone.values[0]);
      else unit.reject(synced.error);
    }
    for (const alone of outcomes) if (alone.ok) startOrCancel(alone.handed, synced.ok);
  }

  /**
   * Waits until group commit number `commit` is on disk, or with `own` false only the commits
   * before it (the WAL is sequential: a later sync covers it all the same).
   */
  async #durable(commit: number, own: boolean): Promise<{ ok: true } | { ok: false; error: unknown }> {
    if (!this.#walSync) return { ok: true };
    if (this.#durableCommits >= (own ? commit : commit - 1)) return { ok: true };
    try {
      const covered = this.#commits;
      await this.#walSync.sync();
      this.#durableCommits = Math.max(this.#durableCommits, covered);
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    }
  }

  async #runInOneTransaction(units: readonly PendingUnit[]): Promise<TransactionOutcome> {
    // The types of the tasks enqueued for a claim: only their lanes are woken after the commit.
    const enqueued = new Set<string>();
    const handed: HandedTask[] = [];
    try {
      const { results: values, commit } = await this.kysely.connection().execute(async (conn) => {
        const tx = sqlRepositories(
          conn,
          this.#clock,
          (type) => enqueued.add(type),
          this.#prepared,
          this.#handoffs.forTransaction(handed),
        );
        // The connection is held: no other statement runs until `finally` restores FULL.
        this.#synchronous?.normal.run();
        // Straight on the driver: the connection is ours, Kysely's layers would add nothing.
        runStatement(this.#statements, 'begin immediate', []);
        this.#inTransaction = conn;
        try {
          const results: unknown[] = [];
          for (const unit of units) results.push(await unit.work(tx, conn));
          runStatement(this.#statements, 'commit', []);
          return { results, commit: ++this.#commits };
        } catch (error) {
          try {
            runStatement(this.#statements, 'rollback', []);
          } catch {
            // No transaction left to roll back (SQLite ended it on the error): nothing to undo.
          }
          throw error;
        } finally {
          this.#inTransaction = undefined;
          this.#synchronous?.full.run();
        }
      });
      if (enqueued.size > 0) this.#signal.notify(enqueued);
      return { ok: true, values, commit, handed };
    } catch (error) {
      startOrCancel(handed, false); // rolled back: those tasks were never written
      return { ok: false, error };
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    // Let queued transactions finish before the handle goes away.
    while (this.#pending.length > 0 || this.#flushScheduled) await new Promise((r) => setImmediate(r));
    await this.#checkpointer?.close();
    await this.kysely.destroy();
    await this.#walSync?.close();
  }
}

/** The database's file when it is one in WAL mode; `undefined` for `:memory:` or other journals. */
function inWalMode(database: BetterSqlite3.Database): string | undefined {
  if (database.memory) return undefined;
  return database.pragma('journal_mode', { simple: true }) === 'wal' ? database.name : undefined;
}
