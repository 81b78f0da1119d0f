import type { Kysely } from 'kysely';
import type { DocketEvent } from '../../core/domain.ts';
import type { EventRepository } from '../../core/ports.ts';
import { eventFromRow } from './rows.ts';
import type { Database } from './schema.ts';

/** The events outbox over Kysely. */
export class SqlEventRepository implements EventRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async append(event: Omit<DocketEvent, 'seq'>): Promise<DocketEvent> {
    const row = await this.#db
      .insertInto('events')
      .values({
        id: event.id,
        application_id: event.applicationId,
        type: event.type,
        record_id: event.recordId,
        data: JSON.stringify(event.data),
        created_at: event.createdAt.getTime(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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
