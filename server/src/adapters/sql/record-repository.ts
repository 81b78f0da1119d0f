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
import type { PreparedQueries } from './prepared-queries.ts';
import { pageNewestFirst, recordFromRow } from './rows.ts';
import type { Database } from './schema.ts';

const NOT_TERMINAL = ['queued', 'processing'];
const TERMINAL = ['completed', 'failed'];

/**
 * Records over Kysely; the same SQL on SQLite and PostgreSQL. The statements every document runs
 * (insert, read by id, processing, finish) are prepared queries: built and compiled once.
 */
export class SqlRecordRepository implements RecordRepository {
  readonly #db: Kysely<Database>;
  readonly #prepared: PreparedQueries;

  constructor(db: Kysely<Database>, prepared: PreparedQueries) {
    this.#db = db;
    this.#prepared = prepared;
  }

  async insert(record: NewRecord): Promise<DocketRecord> {
    const ms = record.createdAt.getTime();
    // A prepared query refuses `undefined`: optional columns say null.
    const values = {
      id: record.id,
      application_id: record.applicationId,
      kind: record.kind,
      mime_type: record.mimeType,
      filename: record.filename ?? null,
      size_bytes: record.sizeBytes,
      blob_key: record.blobKey,
      application_user_id: record.applicationUserId ?? null,
      options: JSON.stringify(record.options),
      parent_id: record.parentId ?? null,
      idempotency_key: record.idempotencyKey ?? null,
      created_at: ms,
    };
    const { rows } = await this.#prepared.execute(
      this.#db,
      'records.insert',
      (db, v: typeof values) =>
        db
          .insertInto('records')
          .values({
            id: v.id,
            application_id: v.application_id,
            kind: v.kind,
            status: 'queued',
            stage: null,
            mime_type: v.mime_type,
            filename: v.filename,
            size_bytes: v.size_bytes,
            blob_key: v.blob_key,
            application_user_id: v.application_user_id,
            // In the same statement: no extra round trip on the intake path.
            application_number: (eb) =>
              eb.selectFrom('applications').select('number').where('id', '=', v.application_id),
            options: v.options,
            result: null,
            error: null,
            pages: null,
            parent_id: v.parent_id,
            idempotency_key: v.idempotency_key,
            created_at: v.created_at,
            updated_at: v.created_at,
            completed_at: null,
          })
          .returningAll(),
      values,
    );
    const row = rows[0];
    if (!row) throw new Error(`record ${record.id} was not inserted`);
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
    const { rows } = await this.#prepared.execute(
      this.#db,
      'records.get-by-id',
      (db, v: { id: string }) => db.selectFrom('records').selectAll().where('id', '=', v.id),
      { id },
    );
    return rows[0] ? recordFromRow(rows[0]) : null;
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
    const { rows } = await this.#prepared.execute(
      this.#db,
      'records.mark-processing',
      (db, v: { id: string; stage: string; at: number }) =>
        db
          .updateTable('records')
          .set({ status: 'processing', stage: v.stage, updated_at: v.at })
          .where('id', '=', v.id)
          .where('status', 'in', NOT_TERMINAL)
          .returningAll(),
      { id, stage, at: at.getTime() },
    );
    return rows[0] ? recordFromRow(rows[0]) : null;
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
    const values = {
      id,
      status: outcome.status,
      result: outcome.status === 'completed' ? JSON.stringify(outcome.result) : null,
      error: outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
      pages: outcome.pages ?? null,
      at: at.getTime(),
    };
    const { rows } = await this.#prepared.execute(
      this.#db,
      'records.finish',
      (db, v: typeof values) =>
        db
          .updateTable('records')
          .set({
            status: v.status,
            stage: null,
            result: v.result,
            error: v.error,
            pages: v.pages,
            updated_at: v.at,
            completed_at: v.at,
          })
          .where('id', '=', v.id)
          .where('status', 'in', NOT_TERMINAL)
          .returningAll(),
      values,
    );
    return rows[0] ? recordFromRow(rows[0]) : null;
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
