/**
 * Endpoints bound to a product and a resource within it (seed 002 keeps a template's webhook with
 * the template), and deliveries that remember their product and record, so a product's delivery
 * hooks and per-attempt rendering apply without a join on the hot path.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export function productBindings(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('endpoints').addColumn('product', 'text').execute();
      await db.schema.alterTable('endpoints').addColumn('resource_id', 'text').execute();
      await db.schema.alterTable('deliveries').addColumn('product', 'text').execute();
      await db.schema.alterTable('deliveries').addColumn('record_id', 'text').execute();
      await db.schema
        .createIndex('endpoints_resource')
        .on('endpoints')
        .columns(['application_id', 'product', 'resource_id'])
        .execute();
    },
  };
}
