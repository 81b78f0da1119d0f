import type { Kysely, Selectable } from 'kysely';
import type { Endpoint } from '../../core/domain.ts';
import type { EndpointRepository } from '../../core/ports.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import type { Database, EndpointsTable } from './schema.ts';

function fromRow(row: Selectable<EndpointsTable>): Endpoint {
  return {
    id: row.id,
    applicationId: row.application_id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as string[],
    product: row.product,
    resourceId: row.resource_id,
    active: Number(row.active) === 1,
    headers: JSON.parse(row.headers) as Record<string, string>,
    retryPolicy: row.retry_policy === null ? null : JSON.parse(row.retry_policy),
    timeoutMs: Number(row.timeout_ms),
    secret: row.secret,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since === null ? null : new Date(Number(row.failing_since)),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toRow(endpoint: Endpoint): EndpointsTable {
  return {
    id: endpoint.id,
    application_id: endpoint.applicationId,
    url: endpoint.url,
    description: endpoint.description,
    events: JSON.stringify(endpoint.events),
    product: endpoint.product,
    resource_id: endpoint.resourceId,
    active: endpoint.active ? 1 : 0,
    headers: JSON.stringify(endpoint.headers),
    retry_policy: endpoint.retryPolicy === null ? null : JSON.stringify(endpoint.retryPolicy),
    timeout_ms: endpoint.timeoutMs,
    secret: endpoint.secret,
    disabled_reason: endpoint.disabledReason,
    failing_since: endpoint.failingSince?.getTime() ?? null,
    created_at: endpoint.createdAt.getTime(),
    updated_at: endpoint.updatedAt.getTime(),
  };
}

/** Webhook endpoints over Kysely. */
export class SqlEndpointRepository implements EndpointRepository {
  readonly #db: Kysely<Database>;
  readonly #prepared: PreparedQueries;

  /** `prepared`: for `active`, read for every event. */
  constructor(db: Kysely<Database>, prepared: PreparedQueries) {
    this.#db = db;
    this.#prepared = prepared;
  }

  async insert(endpoint: Endpoint): Promise<void> {
    await this.#db.insertInto('endpoints').values(toRow(endpoint)).execute();
  }

  async get(applicationId: string, id: string): Promise<Endpoint | null> {
    const row = await this.#db
      .selectFrom('endpoints')
      .selectAll()
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async getById(id: string): Promise<Endpoint | null> {
    const row = await this.#db.selectFrom('endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(applicationId: string): Promise<Endpoint[]> {
    const rows = await this.#db
      .selectFrom('endpoints')
      .selectAll()
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async active(applicationId: string): Promise<Endpoint[]> {
    const { rows } = await this.#prepared.execute(
      this.#db,
      'endpoints.active',
      (db, v: { application_id: string }) =>
        db
          .selectFrom('endpoints')
          .selectAll()
          .where('application_id', '=', v.application_id)
          .where('active', '=', 1),
      { application_id: applicationId },
    );
    return rows.map(fromRow);
  }

  async boundTo(applicationId: string, product: string, resourceId: string): Promise<Endpoint[]> {
    const rows = await this.#db
      .selectFrom('endpoints')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('product', '=', product)
      .where('resource_id', '=', resourceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async update(endpoint: Endpoint): Promise<void> {
    const { id, application_id, created_at, ...changes } = toRow(endpoint);
    await this.#db
      .updateTable('endpoints')
      .set(changes)
      .where('id', '=', id)
      .where('application_id', '=', application_id)
      .execute();
  }

  async delete(applicationId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('endpoints')
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async setFailingSince(id: string, since: Date | null): Promise<void> {
    let q = this.#db
      .updateTable('endpoints')
      .set({ failing_since: since?.getTime() ?? null })
      .where('id', '=', id);
    // A streak keeps the time it began; concurrent failures must not move it forward.
    if (since !== null) q = q.where('failing_since', 'is', null);
    await q.execute();
  }

  async disable(id: string, reason: string, at: Date): Promise<void> {
    await this.#db
      .updateTable('endpoints')
      .set({ active: 0, disabled_reason: reason, updated_at: at.getTime() })
      .where('id', '=', id)
      .execute();
  }
}
