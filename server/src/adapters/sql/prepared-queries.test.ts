import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../sqlite/database.ts';
import { migrateToLatest } from './migrations.ts';
import { PreparedQueries } from './prepared-queries.ts';
import type { Database } from './schema.ts';

let db: Kysely<Database>;
beforeEach(async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(':memory:') }) });
  await migrateToLatest(db as Kysely<unknown>, 'sqlite');
});
afterEach(() => db.destroy());

const task = (id: string, type: string, runAt: number) => ({
  id,
  type,
  payload: '{}',
  state: 'ready',
  run_at: runAt,
  attempts: 0,
  lease_token: 0,
  leased_until: null,
  idempotency_key: null,
  last_error: null,
  created_at: runAt,
});

describe('PreparedQueries', () => {
  it('builds a query once and runs it with each call’s values, keeping the query’s own constants', async () => {
    const prepared = new PreparedQueries();
    for (const [i, type] of ['a', 'b', 'a'].entries()) {
      await prepared.insert(db, 'insert-task', 'tasks', task(`t${i}`, type, 100 + i));
    }
    let builds = 0;
    const dueOfType = (type: string, now: number) =>
      prepared.execute(
        db,
        'due',
        (builder, values: { type: string; now: number }) => {
          builds++;
          return builder
            .selectFrom('tasks')
            .select('id')
            .where('type', '=', values.type)
            .where('state', '=', 'ready') // a constant of the query, not a value
            .where('run_at', '<=', values.now)
            .orderBy('id');
        },
        { type, now },
      );
    expect((await dueOfType('a', 1000)).rows.map((r) => r.id)).toEqual(['t0', 't2']);
    expect((await dueOfType('b', 1000)).rows.map((r) => r.id)).toEqual(['t1']);
    expect((await dueOfType('a', 101)).rows.map((r) => r.id)).toEqual(['t0']);
    expect(builds).toBe(1);
  });

  it('reports affected rows of a prepared update', async () => {
    const prepared = new PreparedQueries();
    await prepared.insert(db, 'insert-task', 'tasks', task('t1', 'a', 1));
    const bury = (id: string) =>
      prepared.execute(
        db,
        'bury',
        (builder, values: { id: string }) =>
          builder.updateTable('tasks').set({ state: 'dead' }).where('id', '=', values.id),
        { id },
      );
    expect(Number((await bury('t1')).numAffectedRows)).toBe(1);
    expect(Number((await bury('missing')).numAffectedRows)).toBe(0);
  });

  it('refuses a call that leaves out one of the query’s values', async () => {
    const prepared = new PreparedQueries();
    const run = (values: { id?: string }) =>
      prepared.execute(
        db,
        'by-id',
        (builder, v: { id?: string }) => builder.selectFrom('tasks').selectAll().where('id', '=', v.id!),
        values,
      );
    await run({ id: 'x' });
    await expect(run({})).rejects.toThrow('prepared query by-id has no value for "id"');
  });
});
