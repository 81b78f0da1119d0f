import type { Kysely } from 'kysely';
import type { IdempotencyEntry, IdempotencyRepository } from '../../core/ports.ts';
import { isUniqueViolation } from './errors.ts';
import type { Database } from './schema.ts';

/** Stored answers to POSTs that carried an `Idempotency-Key`. */
export class SqlIdempotencyRepository implements IdempotencyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async reserve(entry: IdempotencyEntry): Promise<boolean> {
    try {
      await this.#db
        .insertInto('idempotency_keys')
        .values({
          application_id: entry.applicationId,
          key: entry.key,
          fingerprint: entry.fingerprint,
          status_code: entry.statusCode,
          response_body: entry.responseBody,
          created_at: entry.createdAt.getTime(),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async get(applicationId: string, key: string): Promise<IdempotencyEntry | null> {
    const row = await this.#db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return null;
    return {
      applicationId: row.application_id,
      key: row.key,
      fingerprint: row.fingerprint,
      statusCode: row.status_code,
      responseBody: row.response_body,
      createdAt: new Date(Number(row.created_at)),
    };
  }

  async saveResponse(applicationId: string, key: string, statusCode: number, body: string): Promise<void> {
    await this.#db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_body: body })
      .where('application_id', '=', applicationId)
      .where('key', '=', key)
      .execute();
  }

  async takeOver(applicationId: string, key: string, olderThan: Date, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('idempotency_keys')
      .set({ created_at: now.getTime() })
      .where('application_id', '=', applicationId)
      .where('key', '=', key)
      .where('status_code', 'is', null)
      .where('created_at', '<', olderThan.getTime())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(applicationId: string, key: string): Promise<void> {
    await this.#db
      .deleteFrom('idempotency_keys')
      .where('application_id', '=', applicationId)
      .where('key', '=', key)
      .where('status_code', 'is', null)
      .execute();
  }
}
