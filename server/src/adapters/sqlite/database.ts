import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { QueryResult } from 'kysely';

/**
 * Opens the embedded database with the settings that make a 202 mean "on disk": WAL journal,
 * `synchronous=FULL` (every commit fsync'd), and a busy timeout so a second process (e.g. a
 * separate `docket worker`) waits for the write lock instead of failing.
 */
export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  // Keep the WAL from growing without bound under sustained load.
  db.pragma('wal_autocheckpoint = 1000');
  return db;
}

/** `sqlite:./data/docket.db` → `./data/docket.db`. */
export function sqliteFileFromUrl(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

/** The part of better-sqlite3 Kysely's SqliteDialect uses. */
export type PreparingDatabase = Pick<BetterSqlite3.Database, 'prepare' | 'close'>;

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing is a
 * measurable share of a request. This keeps the most recent statements, keyed by their SQL.
 */
export function withStatementCache(db: BetterSqlite3.Database, capacity = 500): PreparingDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(source: string) {
      let statement = cache.get(source);
      if (statement) {
        cache.delete(source); // re-insert: Map order doubles as recency
      } else {
        statement = db.prepare(source);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      }
      cache.set(source, statement);
      return statement;
    },
    close: () => db.close(),
  } as PreparingDatabase;
}

/**
 * Runs one statement as Kysely's SQLite driver would, without its asynchronous layers: for
 * prepared queries inside a transaction whose connection the caller already holds.
 */
export function runStatement(
  db: PreparingDatabase,
  source: string,
  parameters: unknown[],
): QueryResult<unknown> {
  const statement = db.prepare(source);
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}
