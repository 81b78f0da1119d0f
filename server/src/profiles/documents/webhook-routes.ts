/**
 * Seed 003's `/webhooks`: the same endpoints as `/v1/endpoints`, bound to the documents product,
 * shown in the seed's shape (`url`, `events`, `active`). Only the seed's two events are taken.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Endpoint } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import { SCOPES } from '../../core/scopes.ts';
import type { HttpContext } from '../../http/context.ts';
import { IdParams, WEBHOOK_EVENTS, WebhookCreate, WebhookSchema, WebhookUpdate } from './schemas.ts';

const PRODUCT = 'documents';
const tags = ['documents'];

function renderWebhook(endpoint: Endpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    active: endpoint.active,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

/** The seed's events only, at least one: an endpoint here never gets another product's events. */
function checkEvents(events: readonly string[] | undefined): void {
  if (events === undefined) return;
  const bad = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (bad !== undefined || events.length === 0) {
    throw new DocketError(
      'invalid',
      'invalid_webhook',
      bad !== undefined
        ? `events has ${JSON.stringify(bad)}, which is not a document event: use new_document and/or document_synchronize`
        : 'events must name at least one of new_document, document_synchronize',
      { field: 'events', allowed: WEBHOOK_EVENTS },
    );
  }
}

export function webhookRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  /** A documents webhook of the application; 404 for others (they are /v1/endpoints' business). */
  const find = async (applicationId: string, id: string) => {
    const endpoint = await ctx.store.endpoints.get(applicationId, id);
    if (!endpoint || endpoint.product !== PRODUCT) {
      throw new DocketError('not_found', 'webhook_not_found', `no webhook with id ${id}`);
    }
    return endpoint;
  };
  const read = { scope: SCOPES.readWebhooks };
  const write = { scope: SCOPES.writeWebhooks };
  return async (app) => {
    app.post(
      '/webhooks',
      {
        config: write,
        schema: { tags, summary: 'Create a webhook', body: WebhookCreate, response: { 201: WebhookSchema } },
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          checkEvents(request.body.events);
          const endpoint = await ctx.endpoints.create(request.applicationId, request.body, {
            product: PRODUCT,
            resourceId: null,
          });
          return { status: 201, body: renderWebhook(endpoint) };
        }),
    );
    app.get(
      '/webhooks',
      {
        config: read,
        schema: {
          tags,
          summary: 'List webhooks',
          response: { 200: Type.Object({ data: Type.Array(WebhookSchema) }) },
        },
      },
      async (request) => ({
        data: (await ctx.store.endpoints.list(request.applicationId))
          .filter((endpoint) => endpoint.product === PRODUCT)
          .map(renderWebhook),
      }),
    );
    app.get(
      '/webhooks/:id',
      {
        config: read,
        schema: { tags, summary: 'Get a webhook', params: IdParams, response: { 200: WebhookSchema } },
      },
      async (request) => renderWebhook(await find(request.applicationId, request.params.id)),
    );
    app.patch(
      '/webhooks/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change a webhook',
          params: IdParams,
          body: WebhookUpdate,
          response: { 200: WebhookSchema },
        },
      },
      async (request) => {
        await find(request.applicationId, request.params.id);
        checkEvents(request.body.events);
        return renderWebhook(
          await ctx.endpoints.update(request.applicationId, request.params.id, request.body),
        );
      },
    );
    app.delete(
      '/webhooks/:id',
      { config: write, schema: { tags, summary: 'Delete a webhook', params: IdParams } },
      async (request, reply) => {
        await find(request.applicationId, request.params.id);
        await ctx.endpoints.delete(request.applicationId, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
