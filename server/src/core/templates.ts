/**
 * Seed 002's templates: CRUD with UUID ids, and each template's webhook (URL + custom headers)
 * kept with it as an endpoint bound to product `templates` and the template's id — so fan-out,
 * signing, retries and the failure queue treat it like every other endpoint, and a template's
 * jobs go to its own webhook only. Also what the template analyser is given for a job.
 */
import type { DocketRecord, Endpoint, Template } from './domain.ts';
import { DocketError } from './errors.ts';
import { newId } from './ids.ts';
import type { Clock, Page, Store } from './ports.ts';

/** The product the template platform is, as endpoints and deliveries name it. */
export const TEMPLATES_PRODUCT = 'templates';
/** The record kind of a job. */
export const TEMPLATE_KIND = 'template';
/** Most templates keyword selection tries for a job that names none. */
export const MAX_SELECTABLE_TEMPLATES = 500;

/** A template's webhook as the client sets it. */
export interface TemplateWebhookInput {
  url?: string;
  headers?: Record<string, string>;
}

/**
 * Where template webhooks are kept: the endpoint service (webhooks/endpoint-service.ts), which
 * checks the URL (SSRF guard) and the headers exactly as for any endpoint.
 */
export interface BoundEndpoints {
  create(
    applicationId: string,
    input: TemplateWebhookInput,
    binding: { product: string; resourceId: string | null },
  ): Promise<Endpoint>;
  update(applicationId: string, id: string, input: TemplateWebhookInput): Promise<Endpoint>;
  delete(applicationId: string, id: string): Promise<void>;
}

/** A template with its webhook (`null` when it has none). */
export interface TemplateView {
  template: Template;
  webhook: Endpoint | null;
}

/** What a template is created with; `definition` is already checked against the engine's schema. */
export interface NewTemplate {
  name: string;
  definition: Record<string, unknown>;
  webhook?: TemplateWebhookInput | null;
}

/** A change; `undefined` leaves a part as it is, `webhook: null` removes the webhook. */
export interface TemplateChange {
  name?: string;
  definition?: Record<string, unknown>;
  webhook?: TemplateWebhookInput | null;
}

/** Every template the analyser may use for a job, and the job's static values. */
export interface TemplateAnalysisContext {
  [key: string]: unknown;
  templates: { id: string; definition: Record<string, unknown> }[];
  static_values: Record<string, unknown>;
}

export class TemplateService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #endpoints: BoundEndpoints;

  constructor(store: Store, clock: Clock, endpoints: BoundEndpoints) {
    this.#store = store;
    this.#clock = clock;
    this.#endpoints = endpoints;
  }

  async create(applicationId: string, input: NewTemplate): Promise<TemplateView> {
    const now = this.#clock.now();
    const template: Template = {
      id: newId(),
      applicationId,
      name: input.name,
      definition: input.definition,
      createdAt: now,
      updatedAt: now,
    };
    // The webhook first: its URL check is the likeliest refusal, and nothing is stored until it passes.
    const webhook = input.webhook
      ? await this.#createWebhook(applicationId, template.id, input.webhook)
      : null;
    try {
      await this.#store.templates.insert(template);
    } catch (error) {
      if (webhook) await this.#endpoints.delete(applicationId, webhook.id).catch(() => {});
      throw error;
    }
    return { template, webhook };
  }

  async get(applicationId: string, id: string): Promise<TemplateView> {
    const template = await this.#find(applicationId, id);
    return { template, webhook: await this.#webhookOf(template) };
  }

  async list(applicationId: string, cursor: string | undefined, limit: number): Promise<Page<TemplateView>> {
    const page = await this.#store.templates.list(applicationId, cursor, limit);
    const items = await Promise.all(
      page.items.map(async (template) => ({ template, webhook: await this.#webhookOf(template) })),
    );
    return { items, nextCursor: page.nextCursor };
  }

  async update(applicationId: string, id: string, change: TemplateChange): Promise<TemplateView> {
    const current = await this.#find(applicationId, id);
    let webhook = await this.#webhookOf(current);
    if (change.webhook === null) {
      if (webhook) await this.#endpoints.delete(applicationId, webhook.id);
      webhook = null;
    } else if (change.webhook !== undefined) {
      if (webhook) webhook = await this.#endpoints.update(applicationId, webhook.id, change.webhook);
      else if (change.webhook.url === undefined) {
        throw new DocketError(
          'invalid',
          'webhook_url_required',
          'this template has no webhook yet: send webhook_url with webhook_headers',
          { field: 'webhook_url' },
        );
      } else webhook = await this.#createWebhook(applicationId, id, change.webhook);
    }
    const template: Template = {
      ...current,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.definition !== undefined ? { definition: change.definition } : {}),
      updatedAt: this.#clock.now(),
    };
    await this.#store.templates.update(template);
    return { template, webhook };
  }

  /** Deletes the template and its webhook; jobs still queued for it then fail (no template to read them with). */
  async delete(applicationId: string, id: string): Promise<void> {
    const template = await this.#find(applicationId, id);
    const webhooks = await this.#store.endpoints.boundTo(applicationId, TEMPLATES_PRODUCT, template.id);
    await this.#store.templates.delete(applicationId, id);
    for (const endpoint of webhooks) await this.#endpoints.delete(applicationId, endpoint.id).catch(() => {});
  }

  async #find(applicationId: string, id: string): Promise<Template> {
    const template = await this.#store.templates.get(applicationId, id);
    if (!template) throw new DocketError('not_found', 'template_not_found', `no template with id ${id}`);
    return template;
  }

  async #webhookOf(template: Template): Promise<Endpoint | null> {
    const bound = await this.#store.endpoints.boundTo(template.applicationId, TEMPLATES_PRODUCT, template.id);
    return bound[0] ?? null;
  }

  #createWebhook(applicationId: string, templateId: string, input: TemplateWebhookInput): Promise<Endpoint> {
    if (!input.url) {
      throw new DocketError(
        'invalid',
        'webhook_url_required',
        'webhook_headers need a webhook_url to go with',
        {
          field: 'webhook_url',
        },
      );
    }
    return this.#endpoints.create(applicationId, input, {
      product: TEMPLATES_PRODUCT,
      resourceId: templateId,
    });
  }
}

/**
 * What the analyser reads a job with: the template the job names, or every template of the
 * application for keyword selection, and the job's static values.
 */
export async function templateAnalysisContext(
  store: Store,
  record: DocketRecord,
): Promise<TemplateAnalysisContext> {
  const named = record.options.template_id;
  const templates =
    typeof named === 'string'
      ? [await store.templates.get(record.applicationId, named)].filter((t) => t !== null)
      : await store.templates.all(record.applicationId, MAX_SELECTABLE_TEMPLATES);
  const staticValues = record.options.static_values;
  return {
    templates: templates.map((t) => ({ id: t.id, definition: t.definition })),
    static_values:
      staticValues && typeof staticValues === 'object' ? (staticValues as Record<string, unknown>) : {},
  };
}
