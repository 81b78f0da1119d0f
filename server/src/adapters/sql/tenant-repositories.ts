import type { Kysely } from 'kysely';
import type { ApiKey, Application, ApplicationSettings, SigningKey } from '../../core/domain.ts';
import type { ApiKeyRepository, ApplicationRepository } from '../../core/ports.ts';
import { signingKeysFromJson, signingKeysToJson } from './rows.ts';
import type { Database } from './schema.ts';

const applicationFromRow = (row: { id: string; number: number; name: string; created_at: number }) => ({
  id: row.id,
  number: Number(row.number),
  name: row.name,
  createdAt: new Date(Number(row.created_at)),
});

/** Applications (tenants) and their webhook signing keys. */
export class SqlApplicationRepository implements ApplicationRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Takes the next number from `application_numbers` (a sequence or AUTOINCREMENT: never handed
   * out twice), then stores the application with it. The caller's transaction holds both, so a
   * failed insert leaves at most a gap, never a duplicate.
   */
  async insert(app: Omit<Application, 'number'>, signingKey: SigningKey): Promise<Application> {
    const { number } = await this.#db
      .insertInto('application_numbers')
      .values({ application_id: app.id })
      .returning('number')
      .executeTakeFirstOrThrow();
    const application = { ...app, number: Number(number) };
    await this.#db
      .insertInto('applications')
      .values({
        id: app.id,
        number: application.number,
        name: app.name,
        signing_keys: signingKeysToJson([signingKey]),
        created_at: app.createdAt.getTime(),
      })
      .execute();
    return application;
  }

  async get(id: string): Promise<Application | null> {
    const row = await this.#db
      .selectFrom('applications')
      .select(['id', 'number', 'name', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? applicationFromRow(row) : null;
  }

  async list(): Promise<Application[]> {
    const rows = await this.#db
      .selectFrom('applications')
      .select(['id', 'number', 'name', 'created_at'])
      .orderBy('created_at')
      .execute();
    return rows.map(applicationFromRow);
  }

  async signingKeys(id: string): Promise<SigningKey[]> {
    const row = await this.#db
      .selectFrom('applications')
      .select('signing_keys')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? signingKeysFromJson(row.signing_keys) : [];
  }

  async setSigningKeys(id: string, keys: SigningKey[]): Promise<void> {
    await this.#db
      .updateTable('applications')
      .set({ signing_keys: signingKeysToJson(keys) })
      .where('id', '=', id)
      .execute();
  }
  async settings(id: string): Promise<ApplicationSettings> {
    const row = await this.#db
      .selectFrom('application_settings')
      .selectAll()
      .where('application_id', '=', id)
      .executeTakeFirst();
    const flag = row?.delete_file_after_delivery;
    return {
      queueCap: row?.queue_cap ?? null,
      deleteFileAfterDelivery: flag === null || flag === undefined ? null : Number(flag) === 1,
      fileRetentionDays: row?.file_retention_days ?? null,
      resultRetentionDays: row?.result_retention_days ?? null,
    };
  }

  async saveSettings(id: string, settings: ApplicationSettings, at: Date): Promise<void> {
    const values = {
      queue_cap: settings.queueCap,
      delete_file_after_delivery:
        settings.deleteFileAfterDelivery === null ? null : settings.deleteFileAfterDelivery ? 1 : 0,
      file_retention_days: settings.fileRetentionDays,
      result_retention_days: settings.resultRetentionDays,
      updated_at: at.getTime(),
    };
    await this.#db
      .insertInto('application_settings')
      .values({ application_id: id, ...values })
      .onConflict((oc) => oc.column('application_id').doUpdateSet(values))
      .execute();
  }
}

/** API keys, looked up by the SHA-256 of the presented key. */
export class SqlApiKeyRepository implements ApiKeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(key: ApiKey): Promise<void> {
    await this.#db
      .insertInto('api_keys')
      .values({
        id: key.id,
        application_id: key.applicationId,
        prefix: key.prefix,
        hash: key.hash,
        name: key.name,
        scopes: key.scopes === null ? null : JSON.stringify(key.scopes),
        created_at: key.createdAt.getTime(),
        revoked_at: key.revokedAt?.getTime() ?? null,
      })
      .execute();
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      applicationId: row.application_id,
      prefix: row.prefix,
      hash: row.hash,
      name: row.name,
      scopes: row.scopes === null ? null : (JSON.parse(row.scopes) as string[]),
      createdAt: new Date(Number(row.created_at)),
      revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)),
    };
  }
}
