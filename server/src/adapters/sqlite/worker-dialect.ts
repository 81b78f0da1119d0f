/**
 * A Kysely dialect for an SQLite file whose write connection lives in a worker thread
 * (sqlite-worker.ts): statements travel as compiled SQL + parameters and rows come back, so the
 * fsync of every COMMIT (synchronous=FULL) and WAL checkpoints block that thread instead of the
 * event loop. A promise for a write or a COMMIT still resolves only once SQLite has returned from
 * it, so "committed" keeps meaning "on disk".
 *
 * Plain SELECTs outside a transaction run on a read-only connection on the calling thread: WAL
 * readers never wait for the writer, a read is cheaper than a message round trip, and it sees
 * every commit whose promise has resolved. Anything else — writes, BEGIN, and every statement of a
 * connection after its first write or BEGIN — goes to the worker, one connection at a time (the
 * write lock below plays the part of Kysely's single-connection mutex).
 */
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { withStatementCache } from './database.ts';
import type { SqliteReply, SqliteRequest } from './sqlite-worker.ts';

const PLAIN_SELECT = /^\s*select\s/i;
const BEGIN = /^\s*begin(\s+(deferred|immediate|exclusive))?(\s+transaction)?\s*;?\s*$/i;

/** Several Kysely connections may be out at once: the driver serialises the writing ones itself. */
class WorkerSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** FIFO mutex for the one write connection. */
class WriteLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

interface Waiter {
  resolve: (reply: SqliteReply) => void;
  reject: (error: unknown) => void;
}

class WorkerConnection implements DatabaseConnection {
  readonly #driver: WorkerSqliteDriver;
  #holdsLock = false;
  /** A BEGIN sent without waiting for its answer; the next statement reports its failure. */
  #begun: Promise<unknown> | null = null;

  constructor(driver: WorkerSqliteDriver) {
    this.#driver = driver;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#holdsLock && PLAIN_SELECT.test(query.sql)) return this.#driver.read<R>(query);
    if (!this.#holdsLock) {
      await this.#driver.lock.acquire();
      this.#holdsLock = true;
    }
    if (BEGIN.test(query.sql)) {
      // The thread runs statements in order, so the statement after a BEGIN can be sent without
      // waiting: one round trip fewer per transaction. A failed BEGIN fails that next statement.
      const begun = this.#driver.write<R>(query, 1);
      begun.catch(() => {});
      this.#begun = begun;
      return { rows: [] };
    }
    const begun = this.#begun;
    this.#begun = null;
    const result = this.#driver.write<R>(query, begun ? 2 : 0);
    if (begun) {
      result.catch(() => {});
      await begun;
    }
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (const row of rows) yield { rows: [row] };
  }

  release(): void {
    this.#begun = null;
    if (!this.#holdsLock) return;
    this.#holdsLock = false;
    this.#driver.lock.release();
  }
}

export class WorkerSqliteDriver implements Driver {
  readonly lock = new WriteLock();
  readonly #file: string;
  readonly #reader: Pick<BetterSqlite3.Database, 'prepare' | 'close'>;
  readonly #waiters = new Map<number, Waiter>();
  #worker: Worker | null = null;
  #nextId = 1;

  constructor(file: string, reader: BetterSqlite3.Database) {
    this.#file = file;
    // The calling thread only ever reads; make a mistake there fail loudly instead of writing.
    reader.pragma('query_only = 1');
    this.#reader = withStatementCache(reader);
  }

  async init(): Promise<void> {
    // Running from source the entry is .ts (Node strips types); from `dist` it is .js.
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const worker = new Worker(new URL(`./sqlite-worker${extension}`, import.meta.url), {
      workerData: { file: this.#file },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    const fail = (error: unknown) => {
      this.#worker = null;
      for (const waiter of this.#waiters.values()) waiter.reject(error);
      this.#waiters.clear();
    };
    worker.on('message', (reply: SqliteReply) => this.#settle(reply));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite thread exited with code ${code}`)));
    worker.unref();
    this.#worker = worker;
  }

  #settle(reply: SqliteReply): void {
    const waiter = this.#waiters.get(reply[0]);
    if (!waiter) return;
    this.#waiters.delete(reply[0]);
    // An idle SQLite thread must not keep the process alive.
    if (this.#waiters.size === 0) this.#worker?.unref();
    const error = reply[4];
    if (error) waiter.reject(Object.assign(new Error(error.message), { name: error.name, code: error.code }));
    else waiter.resolve(reply);
  }

  #send(sql: string | null, parameters: readonly unknown[], step: 0 | 1 | 2 = 0): Promise<SqliteReply> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('the SQLite thread is not running'));
    const id = this.#nextId++;
    return new Promise<SqliteReply>((resolve, reject) => {
      if (this.#waiters.size === 0) worker.ref();
      this.#waiters.set(id, { resolve, reject });
      worker.postMessage([id, sql, parameters, step] satisfies SqliteRequest);
    });
  }

  /** `step`: see SqliteRequest. */
  async write<R>(query: CompiledQuery, step: 0 | 1 | 2 = 0): Promise<QueryResult<R>> {
    const [, rows, changes, lastInsertRowid, , binary] = await this.#send(query.sql, query.parameters, step);
    if (rows) {
      if (binary) for (const row of rows) toBuffers(row as Record<string, unknown>);
      return { rows: rows as R[] };
    }
    return {
      insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
      numAffectedRows: BigInt(changes),
      rows: [],
    };
  }

  async read<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: this.#reader.prepare(query.sql).all(query.parameters) as R[] };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as WorkerConnection).release();
  }

  async destroy(): Promise<void> {
    // The reader first, so the writer is the last connection and checkpoints the WAL on close.
    this.#reader.close();
    const worker = this.#worker;
    if (!worker) return;
    await this.#send(null, []).catch(() => {});
    this.#worker = null;
    await worker.terminate();
  }
}

function toBuffers(row: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
}

/** SQLite through a writer thread; `reader` is a connection to the same file for this thread's reads. */
export class WorkerSqliteDialect implements Dialect {
  readonly #file: string;
  readonly #reader: BetterSqlite3.Database;

  constructor(file: string, reader: BetterSqlite3.Database) {
    this.#file = file;
    this.#reader = reader;
  }

  createDriver(): Driver {
    return new WorkerSqliteDriver(this.#file, this.#reader);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): SqliteAdapter {
    return new WorkerSqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
