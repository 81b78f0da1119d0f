/**
 * OAuth2 client credentials: clients per application (only the secret's hash is kept), scopes on
 * API keys (null: unrestricted, as every key made before), and shared secrets such as the key
 * access tokens are signed with, so every API process accepts every other's tokens.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../schema.ts';
import { types } from './column-types.ts';

export function oauth(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oauth_clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('revoked_at', t.big)
        .execute();
      await db.schema
        .createIndex('oauth_clients_application')
        .on('oauth_clients')
        .column('application_id')
        .execute();
      await db.schema.alterTable('api_keys').addColumn('scopes', 'text').execute();
      await db.schema
        .createTable('secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .execute();
    },
  };
}
