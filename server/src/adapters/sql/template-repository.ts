import type { Kysely, Selectable } from 'kysely';
import type { Template } from '../../core/domain.ts';
import type { Page, TemplateRepository } from '../../core/ports.ts';
import { pageNewestFirst } from './rows.ts';
import type { Database, TemplatesTable } from './schema.ts';

function fromRow(row: Selectable<TemplatesTable>): Template {
  return {
    id: row.id,
    applicationId: row.application_id,
    name: row.name,
    definition: JSON.parse(row.definition) as Record<string, unknown>,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toRow(template: Template): TemplatesTable {
  return {
    id: template.id,
    application_id: template.applicationId,
    name: template.name,
    definition: JSON.stringify(template.definition),
    created_at: template.createdAt.getTime(),
    updated_at: template.updatedAt.getTime(),
  };
}

/** Seed 002's templates over Kysely; the same SQL on SQLite and PostgreSQL. */
export class SqlTemplateRepository implements TemplateRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(template: Template): Promise<void> {
    await this.#db.insertInto('templates').values(toRow(template)).execute();
  }

  async get(applicationId: string, id: string): Promise<Template | null> {
    const row = await this.#db
      .selectFrom('templates')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  list(applicationId: string, cursor: string | undefined, limit: number): Promise<Page<Template>> {
    const q = this.#db.selectFrom('templates').selectAll().where('application_id', '=', applicationId);
    return pageNewestFirst(q, cursor, limit, fromRow);
  }

  async all(applicationId: string, limit: number): Promise<Template[]> {
    const rows = await this.#db
      .selectFrom('templates')
      .selectAll()
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async update(template: Template): Promise<void> {
    const { id, application_id, created_at, ...changes } = toRow(template);
    await this.#db
      .updateTable('templates')
      .set(changes)
      .where('id', '=', id)
      .where('application_id', '=', application_id)
      .execute();
  }

  async delete(applicationId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('templates')
      .where('application_id', '=', applicationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
