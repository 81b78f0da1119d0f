/**
 * The embedded store: Kysely over better-sqlite3.
 *
 * Group commit: transactions that arrive in the same event-loop turn share one
 * `BEGIN IMMEDIATE … COMMIT`, each inside its own SAVEPOINT. A failing unit rolls back to its
 * savepoint without touching the others, and the batch pays one fsync instead of one per
 * request — which is what lets durable intake keep up with a bare HTTP route.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Clock, Repositories, Store } from '../../core/ports.ts';
import { migrateToLatest } from '../sql/migrations.ts';
import { sqlRepositories } from '../sql/repositories.ts';
import type { Database } from '../sql/schema.ts';
import type { TaskSignal } from '../sql/task-table.ts';
import { withStatementCache } from './database.ts';

interface PendingUnit {
  work: (tx: Repositories) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Upper bound on units per group commit, so one batch never holds the write lock for long. */
const MAX_BATCH = 256;

export interface SqliteStoreOptions {
  database: BetterSqlite3.Database;
  clock: Clock;
  /** Woken after a commit that enqueued tasks. */
  signal: TaskSignal;
}

export class SqliteStore implements Store {
  readonly kysely: Kysely<Database>;
  readonly #clock: Clock;
  readonly #signal: TaskSignal;
  readonly #autocommit: Repositories;
  #pending: PendingUnit[] = [];
  #flushScheduled = false;

  readonly applications: Repositories['applications'];
  readonly apiKeys: Repositories['apiKeys'];
  readonly records: Repositories['records'];
  readonly events: Repositories['events'];
  readonly idempotency: Repositories['idempotency'];
  readonly endpoints: Repositories['endpoints'];
  readonly deliveries: Repositories['deliveries'];
  readonly tasks: Repositories['tasks'];

  private constructor(options: SqliteStoreOptions) {
    this.kysely = new Kysely<Database>({
      dialect: new SqliteDialect({
        database: withStatementCache(options.database) as BetterSqlite3.Database,
      }),
    });
    this.#clock = options.clock;
    this.#signal = options.signal;
    this.#autocommit = sqlRepositories(this.kysely, this.#clock, () => this.#signal.notify());
    ({
      applications: this.applications,
      apiKeys: this.apiKeys,
      records: this.records,
      events: this.events,
      idempotency: this.idempotency,
      endpoints: this.endpoints,
      deliveries: this.deliveries,
      tasks: this.tasks,
    } = this.#autocommit);
  }

  /** Opens the store and brings the schema up to date. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const store = new SqliteStore(options);
    await migrateToLatest(store.kysely as Kysely<unknown>, 'sqlite');
    return store;
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (this.#pending.length > 0) setImmediate(() => void this.#flush());
    else this.#flushScheduled = false;
    if (batch.length === 0) return;

    let enqueued = false;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.kysely.connection().execute(async (conn) => {
        const tx = sqlRepositories(conn, this.#clock, () => {
          enqueued = true;
        });
        await sql`begin immediate`.execute(conn);
        try {
          for (const unit of batch) {
            await sql`savepoint unit`.execute(conn);
            try {
              outcomes.push({ ok: true, value: await unit.work(tx) });
              await sql`release unit`.execute(conn);
            } catch (error) {
              await sql`rollback to unit`.execute(conn);
              await sql`release unit`.execute(conn);
              outcomes.push({ ok: false, error });
            }
          }
          await sql`commit`.execute(conn);
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    if (enqueued) this.#signal.notify();
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    // Let queued transactions finish before the handle goes away.
    while (this.#pending.length > 0 || this.#flushScheduled) await new Promise((r) => setImmediate(r));
    await this.kysely.destroy();
  }
}
