import type { Kysely } from 'kysely';
import type { DocketEvent } from '../../core/domain.ts';
import type { EventRepository } from '../../core/ports.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import { eventFromRow } from './rows.ts';
import type { Database } from './schema.ts';

/** The events outbox over Kysely; appending (once per document) is a prepared query. */
export class SqlEventRepository implements EventRepository {
  readonly #db: Kysely<Database>;
  readonly #prepared: PreparedQueries;

  constructor(db: Kysely<Database>, prepared: PreparedQueries) {
    this.#db = db;
    this.#prepared = prepared;
  }

  async append(event: Omit<DocketEvent, 'seq'>): Promise<DocketEvent> {
    const values = {
      id: event.id,
      application_id: event.applicationId,
      type: event.type,
      record_id: event.recordId ?? null,
      data: JSON.stringify(event.data),
      created_at: event.createdAt.getTime(),
    };
    const { rows } = await this.#prepared.execute(
      this.#db,
      'events.append',
      (db, v: typeof values) =>
        db
          .insertInto('events')
          .values({
            id: v.id,
            application_id: v.application_id,
            type: v.type,
            record_id: v.record_id,
            data: v.data,
            created_at: v.created_at,
          })
          .returningAll(),
      values,
    );
    const row = rows[0];
    if (!row) throw new Error(`event ${event.id} was not appended`);
    return eventFromRow(row);
  }

  async list(
    applicationId: string,
    after: number,
    limit: number,
    type?: string,
    recordId?: string,
  ): Promise<DocketEvent[]> {
    let q = this.#db
      .selectFrom('events')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('seq', '>', after);
    if (type) q = q.where('type', '=', type);
    if (recordId) q = q.where('record_id', '=', recordId);
    const rows = await q.orderBy('seq', 'asc').limit(limit).execute();
    return rows.map(eventFromRow);
  }
}
