import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '../../core/domain.ts';
import type { AttemptSample, DeliveryQuery, DeliveryRepository, Page } from '../../core/ports.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import { pageNewestFirst } from './rows.ts';
import type { Database, DeliveriesTable, DeliveryAttemptsTable } from './schema.ts';

/** Longest id list `getManyForAttempt` prepares a statement for (one per length). */
const MAX_PREPARED_IDS = 64;

const maybeDate = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

function fromRow(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    applicationId: row.application_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    product: row.product,
    recordId: row.record_id,
    retryPreset: row.retry_preset,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: maybeDate(row.next_attempt_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/**
 * Deliveries and their attempt log over Kysely. The statements every attempt runs are prepared
 * queries (see prepared-queries.ts); the rest are built per call.
 */
export class SqlDeliveryRepository implements DeliveryRepository {
  readonly #db: Kysely<Database>;
  readonly #prepared: PreparedQueries;

  constructor(db: Kysely<Database>, prepared: PreparedQueries) {
    this.#db = db;
    this.#prepared = prepared;
  }

  async insert(delivery: Delivery): Promise<void> {
    const row: Insertable<DeliveriesTable> = {
      id: delivery.id,
      application_id: delivery.applicationId,
      endpoint_id: delivery.endpointId,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      product: delivery.product,
      record_id: delivery.recordId,
      retry_preset: delivery.retryPreset,
      status: delivery.status,
      attempts: delivery.attempts,
      next_attempt_at: delivery.nextAttemptAt?.getTime() ?? null,
      last_status_code: delivery.lastStatusCode,
      last_error: delivery.lastError,
      created_at: delivery.createdAt.getTime(),
      updated_at: delivery.updatedAt.getTime(),
    };
    await this.#prepared.insert(this.#db, 'deliveries.insert', 'deliveries', row);
  }

  async get(applicationId: string, id: string): Promise<Delivery | null> {
    const row = await this.#db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async getManyForAttempt(
    ids: readonly string[],
  ): Promise<Array<{ delivery: Delivery; eventBody: string | null }>> {
    if (ids.length === 0) return [];
    // A scalar subquery, not a LEFT JOIN: SQLite answers it in ≈5 µs a row against ≈27 µs for the
    // join (measured on 20,000 deliveries). Prepared per length of the id list (a batch of claimed
    // tasks, so a few lengths only); past MAX_PREPARED_IDS built per call.
    const build = (db: Kysely<Database>, list: string[]) =>
      db
        .selectFrom('deliveries')
        .selectAll('deliveries')
        .select((eb) =>
          eb
            .selectFrom('events')
            .select('events.data')
            .whereRef('events.id', '=', 'deliveries.event_id')
            .as('event_body'),
        )
        .where('deliveries.id', 'in', list);
    const values: Record<string, string> = {};
    for (const [i, id] of ids.entries()) values[`id${i}`] = id;
    const rows =
      ids.length > MAX_PREPARED_IDS
        ? await build(this.#db, [...ids]).execute()
        : (
            await this.#prepared.execute(
              this.#db,
              `deliveries.for-attempt.${ids.length}`,
              (db, v: Record<string, string>) =>
                build(
                  db,
                  ids.map((_, i) => v[`id${i}`]!),
                ),
              values,
            )
          ).rows;
    return rows.map(({ event_body, ...delivery }) => ({
      delivery: fromRow(delivery),
      eventBody: event_body,
    }));
  }

  async list(query: DeliveryQuery): Promise<Page<Delivery>> {
    let q = this.#db.selectFrom('deliveries').selectAll().where('application_id', '=', query.applicationId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.endpointId) q = q.where('endpoint_id', '=', query.endpointId);
    if (query.recordId) q = q.where('record_id', '=', query.recordId);
    return pageNewestFirst(q, query.cursor, query.limit, fromRow);
  }

  async failedSince(endpointId: string, since: Date, limit: number): Promise<Delivery[]> {
    const rows = await this.#db
      .selectFrom('deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'failed')
      .where('updated_at', '>=', since.getTime())
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async recordAttempt(
    attempt: DeliveryAttempt,
    next: {
      status: DeliveryStatus;
      nextAttemptAt: Date | null;
      lastStatusCode: number | null;
      lastError: string | null;
    },
    at: Date,
  ): Promise<boolean> {
    const update = {
      id: attempt.deliveryId,
      status: next.status,
      next_attempt_at: next.nextAttemptAt?.getTime() ?? null,
      last_status_code: next.lastStatusCode,
      last_error: next.lastError,
      updated_at: at.getTime(),
    };
    const result = await this.#prepared.execute(
      this.#db,
      'deliveries.recordAttempt.update',
      (db, values: typeof update) =>
        db
          .updateTable('deliveries')
          .set((eb) => ({
            status: values.status,
            attempts: eb('attempts', '+', 1),
            next_attempt_at: values.next_attempt_at,
            last_status_code: values.last_status_code,
            last_error: values.last_error,
            updated_at: values.updated_at,
          }))
          .where('id', '=', values.id)
          .where('status', '=', 'pending'),
      update,
    );
    if (Number(result.numAffectedRows) !== 1) return false;
    const row: Insertable<DeliveryAttemptsTable> = {
      id: attempt.id,
      delivery_id: attempt.deliveryId,
      number: attempt.number,
      started_at: attempt.startedAt.getTime(),
      status_code: attempt.statusCode,
      latency_ms: Math.round(attempt.latencyMs),
      outcome: attempt.outcome,
      error: attempt.error,
      response_excerpt: attempt.responseExcerpt,
    };
    await this.#prepared.insert(this.#db, 'deliveries.recordAttempt.insert', 'delivery_attempts', row);
    return true;
  }

  async cancel(id: string, reason: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('deliveries')
      .set({ status: 'cancelled', next_attempt_at: null, last_error: reason, updated_at: at.getTime() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async reopen(id: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: at.getTime(), updated_at: at.getTime() })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'succeeded', 'cancelled'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async countsByEndpoint(): Promise<Array<{ endpointId: string; status: DeliveryStatus; count: number }>> {
    const rows = await this.#db
      .selectFrom('deliveries')
      .select((eb) => ['endpoint_id', 'status', eb.fn.countAll().as('count')])
      .where('status', 'in', ['pending', 'failed'])
      .groupBy(['endpoint_id', 'status'])
      .execute();
    return rows.map((r) => ({
      endpointId: r.endpoint_id,
      status: r.status as DeliveryStatus,
      count: Number(r.count),
    }));
  }

  async attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    const rows = await this.#db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .orderBy('number')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      deliveryId: r.delivery_id,
      number: Number(r.number),
      startedAt: new Date(Number(r.started_at)),
      statusCode: r.status_code,
      latencyMs: Number(r.latency_ms),
      outcome: r.outcome as 'success' | 'failure',
      error: r.error,
      responseExcerpt: r.response_excerpt,
    }));
  }

  async statusCountsSince(
    applicationId: string,
    since: Date,
  ): Promise<Array<{ status: DeliveryStatus; count: number }>> {
    const rows = await this.#db
      .selectFrom('deliveries')
      .select((eb) => ['status', eb.fn.countAll().as('count')])
      .where('application_id', '=', applicationId)
      .where('created_at', '>=', since.getTime())
      .groupBy('status')
      .execute();
    return rows.map((r) => ({ status: r.status as DeliveryStatus, count: Number(r.count) }));
  }

  async attemptSamplesSince(applicationId: string, since: Date, limit: number): Promise<AttemptSample[]> {
    const rows = await this.#db
      .selectFrom('delivery_attempts')
      .innerJoin('deliveries', 'deliveries.id', 'delivery_attempts.delivery_id')
      .select(['delivery_attempts.started_at', 'delivery_attempts.outcome', 'delivery_attempts.latency_ms'])
      .where('deliveries.application_id', '=', applicationId)
      .where('delivery_attempts.started_at', '>=', since.getTime())
      .orderBy('delivery_attempts.started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      startedAt: new Date(Number(r.started_at)),
      outcome: r.outcome as 'success' | 'failure',
      latencyMs: Number(r.latency_ms),
    }));
  }
}
