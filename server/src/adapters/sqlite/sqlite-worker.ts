/**
 * Thread side of the worker SQLite driver: owns the write connection (WAL, synchronous=FULL), runs
 * each statement it is sent and answers with the rows or the change count. A COMMIT's fsync, a
 * checkpoint, or a wait on another process's write lock blocks this thread, not the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { openSqlite } from './database.ts';

/**
 * `[id, sql, parameters, step]`; `sql === null` closes the connection. `step` is 1 for a BEGIN
 * whose answer the caller does not wait for, and 2 for the statement sent right after it, which
 * must fail (not run in autocommit mode) if that BEGIN failed.
 */
export type SqliteRequest = [number, string | null, readonly unknown[], 0 | 1 | 2];

/** `[id, rows (null for a writer), changes, lastInsertRowid, error, rows hold binary values]`. */
export type SqliteReply = [
  number,
  unknown[] | null,
  number,
  number | bigint,
  { message: string; name: string; code: unknown } | null,
  boolean,
];

const db = openSqlite((workerData as { file: string }).file);
const statements = new Map<string, BetterSqlite3.Statement>();

function prepare(sql: string): BetterSqlite3.Statement {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (statements.size >= 500) statements.delete(statements.keys().next().value as string);
    statements.set(sql, statement);
  }
  return statement;
}

/** Buffers arrive as plain Uint8Arrays; better-sqlite3 binds only Buffers as BLOBs. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

function holdsBinary(rows: unknown[]): boolean {
  for (const row of rows) {
    for (const value of Object.values(row as Record<string, unknown>))
      if (value instanceof Uint8Array) return true;
  }
  return false;
}

const port = parentPort;
if (port) {
  let beginFailed = false;
  port.on('message', ([id, sql, parameters, step]: SqliteRequest) => {
    let reply: SqliteReply;
    try {
      if (step === 2 && beginFailed) throw new Error('the transaction did not begin');
      if (sql === null) {
        statements.clear();
        db.close();
        reply = [id, null, 0, 0, null, false];
      } else {
        const statement = prepare(sql);
        if (statement.reader) {
          const rows = statement.all(bindable(parameters));
          reply = [id, rows, 0, 0, null, holdsBinary(rows)];
        } else {
          const { changes, lastInsertRowid } = statement.run(bindable(parameters));
          reply = [id, null, changes, lastInsertRowid, null, false];
        }
      }
      if (step === 1) beginFailed = false;
    } catch (error) {
      if (step === 1) beginFailed = true;
      const e = error as { message?: string; name?: string; code?: unknown };
      reply = [
        id,
        null,
        0,
        0,
        { message: e.message ?? String(error), name: e.name ?? 'Error', code: e.code },
        false,
      ];
    }
    port.postMessage(reply);
  });
  port.postMessage('ready');
}
