import type {
  ApiKeyRepository,
  ApplicationRepository,
  DeliveryRepository,
  DocumentRepository,
  EndpointRepository,
  EventRepository,
  IdempotencyRepository,
  OAuthClientRepository,
  RecordRepository,
  Repositories,
  SecretRepository,
  TaskWriter,
  TemplateRepository,
  UsageRepository,
} from '../../core/ports.ts';

/**
 * The repository properties every Store exposes (the port lists them on the store itself),
 * declared once for the SQL stores. A subclass calls `expose` with its autocommit repositories.
 */
export abstract class RepositoryFacade implements Repositories {
  readonly applications!: ApplicationRepository;
  readonly apiKeys!: ApiKeyRepository;
  readonly records!: RecordRepository;
  readonly events!: EventRepository;
  readonly idempotency!: IdempotencyRepository;
  readonly endpoints!: EndpointRepository;
  readonly deliveries!: DeliveryRepository;
  readonly tasks!: TaskWriter;
  readonly documents!: DocumentRepository;
  readonly oauthClients!: OAuthClientRepository;
  readonly secrets!: SecretRepository;
  readonly templates!: TemplateRepository;
  readonly usage!: UsageRepository;

  protected expose(repositories: Repositories): void {
    const { applications, apiKeys, records, events, idempotency, endpoints, deliveries, tasks } =
      repositories;
    const { documents, oauthClients, secrets } = repositories;
    const { templates, usage } = repositories;
    Object.assign(this, {
      applications,
      apiKeys,
      records,
      events,
      idempotency,
      endpoints,
      deliveries,
      tasks,
      documents,
      oauthClients,
      secrets,
      templates,
      usage,
    });
  }
}
