import type { Kysely } from 'kysely';
import type { DocketRecord, RecordError } from '../../core/domain.ts';
import type {
  Backlog,
  FileRetentionQuery,
  NewRecord,
  Page,
  RecordQuery,
  RecordRepository,
} from '../../core/ports.ts';
import { pageNewestFirst, recordFromRow } from './rows.ts';
import type { Database } from './schema.ts';

const NOT_TERMINAL = ['queued', 'processing'];
const TERMINAL = ['completed', 'failed'];

/** Records over Kysely; the same SQL on SQLite and PostgreSQL. */
export class SqlRecordRepository implements RecordRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(record: NewRecord): Promise<DocketRecord> {
    const ms = record.createdAt.getTime();
    const row = await this.#db
      .insertInto('records')
      .values({
        id: record.id,
        application_id: record.applicationId,
        kind: record.kind,
        status: 'queued',
        stage: null,
        mime_type: record.mimeType,
        filename: record.filename,
        size_bytes: record.sizeBytes,
        blob_key: record.blobKey,
        application_user_id: record.applicationUserId,
        // In the same statement: no extra round trip on the intake path.
        application_number: (eb) =>
          eb.selectFrom('applications').select('number').where('id', '=', record.applicationId),
        options: JSON.stringify(record.options),
        result: null,
        error: null,
        pages: null,
        parent_id: record.parentId,
        idempotency_key: record.idempotencyKey,
        created_at: ms,
        updated_at: ms,
        completed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return recordFromRow(row);
  }

  async get(applicationId: string, id: string): Promise<DocketRecord | null> {
    const row = await this.#db
      .selectFrom('records')
      .selectAll()
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async getById(id: string): Promise<DocketRecord | null> {
    const row = await this.#db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async findByIdempotencyKey(applicationId: string, key: string): Promise<DocketRecord | null> {
    const row = await this.#db
      .selectFrom('records')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async list(query: RecordQuery): Promise<Page<DocketRecord>> {
    let q = this.#db.selectFrom('records').selectAll().where('application_id', '=', query.applicationId);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.parentId) q = q.where('parent_id', '=', query.parentId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.createdAfter) q = q.where('created_at', '>=', query.createdAfter.getTime());
    if (query.createdBefore) q = q.where('created_at', '<', query.createdBefore.getTime());
    return pageNewestFirst(q, query.cursor, query.limit, recordFromRow);
  }

  async markProcessing(id: string, stage: string, at: Date): Promise<DocketRecord | null> {
    const row = await this.#db
      .updateTable('records')
      .set({ status: 'processing', stage, updated_at: at.getTime() })
      .where('id', '=', id)
      .where('status', 'in', NOT_TERMINAL)
      .returningAll()
      .executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async setStage(id: string, stage: string, at: Date): Promise<void> {
    await this.#db
      .updateTable('records')
      .set({ stage, updated_at: at.getTime() })
      .where('id', '=', id)
      .where('status', 'in', NOT_TERMINAL)
      .execute();
  }

  async finish(
    id: string,
    outcome:
      | { status: 'completed'; result: unknown; pages: number }
      | { status: 'failed'; error: RecordError; pages: number | null },
    at: Date,
  ): Promise<DocketRecord | null> {
    const row = await this.#db
      .updateTable('records')
      .set({
        status: outcome.status,
        stage: null,
        result: outcome.status === 'completed' ? JSON.stringify(outcome.result) : null,
        error: outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
        pages: outcome.pages,
        updated_at: at.getTime(),
        completed_at: at.getTime(),
      })
      .where('id', '=', id)
      .where('status', 'in', NOT_TERMINAL)
      .returningAll()
      .executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async clearBlob(id: string): Promise<void> {
    await this.#db.updateTable('records').set({ blob_key: null }).where('id', '=', id).execute();
  }

  async backlog(applicationId?: string): Promise<Backlog> {
    // Both read the partial index records_backlog, which holds only queued and processing rows.
    let q = this.#db
      .selectFrom('records')
      .select([
        'status',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        (eb) => eb.fn.min('created_at').as('oldest'),
      ])
      .where('status', 'in', NOT_TERMINAL)
      .groupBy('status');
    if (applicationId !== undefined) q = q.where('application_id', '=', applicationId);
    const rows = await q.execute();
    const queued = rows.find((r) => r.status === 'queued');
    const processing = rows.find((r) => r.status === 'processing');
    return {
      queued: Number(queued?.n ?? 0),
      processing: Number(processing?.n ?? 0),
      oldestQueuedAt: queued?.oldest != null ? new Date(Number(queued.oldest)) : null,
    };
  }

  async filesDue(query: FileRetentionQuery): Promise<string[]> {
    let q = this.#db
      .selectFrom('records')
      .select('id')
      .where('application_id', '=', query.applicationId)
      .where('blob_key', 'is not', null)
      .where('completed_at', 'is not', null)
      .where('status', 'in', TERMINAL);
    if (query.finishedBefore) q = q.where('completed_at', '<', query.finishedBefore.getTime());
    if (query.delivered) {
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries')
              .select('deliveries.id')
              .whereRef('deliveries.record_id', '=', 'records.id')
              .where('deliveries.status', '=', 'pending'),
          ),
        ),
      );
    }
    const rows = await q.orderBy('completed_at').limit(query.limit).execute();
    return rows.map((r) => r.id);
  }

  async markFileDeleted(id: string, reason: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('records')
      .set({ blob_key: null, file_deleted_at: at.getTime(), file_deleted_reason: reason })
      .where('id', '=', id)
      .where('file_deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteResults(
    applicationId: string,
    finishedBefore: Date,
    limit: number,
    at: Date,
  ): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('records')
      .select('id')
      .where('application_id', '=', applicationId)
      .where('result', 'is not', null)
      .where('completed_at', 'is not', null)
      .where('completed_at', '<', finishedBefore.getTime())
      .orderBy('completed_at')
      .limit(limit)
      .execute();
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return ids;
    await this.#db
      .updateTable('records')
      .set({ result: null, result_deleted_at: at.getTime() })
      .where('id', 'in', ids)
      .execute();
    // The events carried the rendered result too (webhook bodies, the event log).
    await this.#db.deleteFrom('events').where('record_id', 'in', ids).execute();
    return ids;
  }

  async clearResult(id: string, at: Date): Promise<void> {
    const cleared = await this.#db
      .updateTable('records')
      .set({ result: null, result_deleted_at: at.getTime() })
      .where('id', '=', id)
      .where('status', 'not in', NOT_TERMINAL)
      .executeTakeFirst();
    if (cleared.numUpdatedRows === 0n) return;
    await this.#db.deleteFrom('events').where('record_id', '=', id).execute();
  }
}
