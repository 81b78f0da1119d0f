/** OAuth2 clients and the deployment's shared secrets over Kysely. */
import type { Kysely, Selectable } from 'kysely';
import type { OAuthClient } from '../../core/document-types.ts';
import type { OAuthClientRepository, SecretRepository } from '../../core/ports.ts';
import type { Database, OAuthClientsTable } from './schema.ts';

function clientFromRow(row: Selectable<OAuthClientsTable>): OAuthClient {
  return {
    id: row.id,
    applicationId: row.application_id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: new Date(Number(row.created_at)),
    revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)),
  };
}

export class SqlOAuthClientRepository implements OAuthClientRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(client: OAuthClient): Promise<void> {
    await this.#db
      .insertInto('oauth_clients')
      .values({
        id: client.id,
        application_id: client.applicationId,
        name: client.name,
        secret_hash: client.secretHash,
        scopes: JSON.stringify(client.scopes),
        created_at: client.createdAt.getTime(),
        revoked_at: client.revokedAt?.getTime() ?? null,
      })
      .execute();
  }

  async get(id: string): Promise<OAuthClient | null> {
    const row = await this.#db
      .selectFrom('oauth_clients')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? clientFromRow(row) : null;
  }

  async list(applicationId: string): Promise<OAuthClient[]> {
    const rows = await this.#db
      .selectFrom('oauth_clients')
      .selectAll()
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .execute();
    return rows.map(clientFromRow);
  }

  async revoke(applicationId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('oauth_clients')
      .set({ revoked_at: at.getTime() })
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

export class SqlSecretRepository implements SecretRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const read = () =>
      this.#db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst();
    const found = await read();
    if (found) return found.value;
    // Two processes may get here together: the first insert wins and both read the winner.
    await this.#db
      .insertInto('secrets')
      .values({ name, value: create(), created_at: Date.now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await read())!.value;
  }
}
