/**
 * Task lanes (issue 17): each task may name a lane (the application whose work it is) so that
 * claims can take tasks in turn across lanes instead of oldest first, and one application's
 * backlog cannot starve another's. Tasks without a lane share the empty lane. The index serves
 * the fair claim: the oldest ready task of the first lane after a cursor, in one index seek.
 */
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

export function taskLanes(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('tasks')
        .addColumn('lane', 'text', (c) => c.notNull().defaultTo(sql`''`))
        .execute();
      await db.schema
        .createIndex('tasks_lane_ready')
        .on('tasks')
        .columns(['type', 'state', 'lane', 'run_at'])
        .execute();
    },
  };
}
