import { type Kysely, sql } from 'kysely';
import type { DailyCredits, UsageRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

const DAY_MS = 86_400_000;

/**
 * Credits over Kysely. A job's credits are its page count, written on its record in the
 * transaction that completes it, so usage is read from the records (no second ledger to drift);
 * integer division of the completion time by a day's milliseconds is the UTC day on both dialects.
 */
export class SqlUsageRepository implements UsageRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async creditsPerDay(applicationId: string, kind: string, from: Date, to: Date): Promise<DailyCredits[]> {
    const day = sql<number>`completed_at / ${sql.lit(DAY_MS)}`;
    const rows = await this.#db
      .selectFrom('records')
      .select([
        day.as('day'),
        sql<number>`coalesce(sum(pages), 0)`.as('credits'),
        sql<number>`count(*)`.as('jobs'),
      ])
      .where('application_id', '=', applicationId)
      .where('kind', '=', kind)
      .where('status', '=', 'completed')
      .where('completed_at', '>=', from.getTime())
      .where('completed_at', '<', to.getTime())
      .where('pages', '>', 0)
      .groupBy(day)
      .orderBy(day)
      .execute();
    return rows.map((row) => ({
      date: new Date(Number(row.day) * DAY_MS).toISOString().slice(0, 10),
      credits: Number(row.credits),
      jobs: Number(row.jobs),
    }));
  }

  async creditsUsed(applicationId: string, kind: string): Promise<number> {
    const row = await this.#db
      .selectFrom('records')
      .select(sql<number>`coalesce(sum(pages), 0)`.as('credits'))
      .where('application_id', '=', applicationId)
      .where('kind', '=', kind)
      .where('status', '=', 'completed')
      .executeTakeFirst();
    return Number(row?.credits ?? 0);
  }

  async creditLimit(applicationId: string): Promise<number | null> {
    const row = await this.#db
      .selectFrom('credit_limits')
      .select('credit_limit')
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? Number(row.credit_limit) : null;
  }

  async setCreditLimit(applicationId: string, limit: number | null, at: Date): Promise<void> {
    if (limit === null) {
      await this.#db.deleteFrom('credit_limits').where('application_id', '=', applicationId).execute();
      return;
    }
    await this.#db
      .insertInto('credit_limits')
      .values({ application_id: applicationId, credit_limit: limit, updated_at: at.getTime() })
      .onConflict((oc) =>
        oc.column('application_id').doUpdateSet({ credit_limit: limit, updated_at: at.getTime() }),
      )
      .execute();
  }
}
