import type { Kysely } from 'kysely';
import type { Clock, Repositories } from '../../core/ports.ts';
import { SqlDeliveryRepository } from './delivery-repository.ts';
import { SqlDocumentRepository } from './document-repository.ts';
import { SqlEndpointRepository } from './endpoint-repository.ts';
import { SqlEventRepository } from './event-repository.ts';
import { SqlIdempotencyRepository } from './idempotency-repository.ts';
import { SqlOAuthClientRepository, SqlSecretRepository } from './oauth-repositories.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import { SqlRecordRepository } from './record-repository.ts';
import type { Database } from './schema.ts';
import { type EnqueueHandoff, SqlTaskWriter } from './task-writer.ts';
import { SqlTemplateRepository } from './template-repository.ts';
import { SqlApiKeyRepository, SqlApplicationRepository } from './tenant-repositories.ts';
import { SqlUsageRepository } from './usage-repository.ts';

/**
 * Every repository bound to one Kysely handle: the pool (autocommit) or a transaction. `prepared`
 * belongs to the store, so statements prepared in one transaction serve the next. `handoff` lets
 * the transaction's enqueues go straight to a local worker (see {@link EnqueueHandoff}).
 */
export function sqlRepositories(
  db: Kysely<Database>,
  clock: Clock,
  onEnqueued: (type: string) => void,
  prepared: PreparedQueries,
  handoff?: EnqueueHandoff,
): Repositories {
  return {
    applications: new SqlApplicationRepository(db),
    apiKeys: new SqlApiKeyRepository(db),
    records: new SqlRecordRepository(db, prepared),
    events: new SqlEventRepository(db, prepared),
    idempotency: new SqlIdempotencyRepository(db),
    endpoints: new SqlEndpointRepository(db, prepared),
    deliveries: new SqlDeliveryRepository(db, prepared),
    tasks: new SqlTaskWriter(db, clock, onEnqueued, prepared, handoff),
    documents: new SqlDocumentRepository(db),
    oauthClients: new SqlOAuthClientRepository(db),
    secrets: new SqlSecretRepository(db),
    templates: new SqlTemplateRepository(db),
    usage: new SqlUsageRepository(db),
  };
}
