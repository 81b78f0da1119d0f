/** The native API's webhook endpoints: `/v1/endpoints` (create, list, get, change, delete, recover). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../../http/context.ts';
import { RetryPolicySchema } from '../../webhooks/retry-policy.ts';
import { renderDelivery, renderEndpoint } from './webhook-render.ts';
import { DeliverySchema, EndpointSchema, IdParams, WEBHOOK_TAGS as tags } from './webhook-schemas.ts';

const EndpointFields = {
  url: Type.String({ description: 'http(s) URL; refused when it resolves to a non-public address' }),
  description: Type.String({ maxLength: 500 }),
  events: Type.Array(Type.String(), {
    description: 'Event types to deliver (record.completed, record.failed, …); empty for every event',
  }),
  // Null first: the validator coerces types (coerceTypes), and with the string branch first a
  // JSON null would become "" and be refused as an unknown product.
  product: Type.Union([Type.Null(), Type.String()], {
    description: "Bind to one product: the endpoint then gets none of another product's events",
  }),
  active: Type.Boolean(),
  headers: Type.Record(Type.String(), Type.String(), {
    description:
      'Extra headers sent with every request, e.g. for authentication; the whole set is replaced. ' +
      'Read back masked; a value sent back exactly as shown keeps the stored one',
  }),
  retry_policy: Type.Union([Type.Null(), RetryPolicySchema]),
  // No schema default: the validator fills defaults in, and a PATCH leaving the field out would
  // then reset it. A new endpoint gets its default from EndpointService.
  timeout_ms: Type.Integer({ minimum: 100, maximum: 30_000, description: 'Per attempt; 5000 by default' }),
  secret: Type.Union([Type.Null(), Type.String()], { description: 'Per-endpoint whsec_ signing key' }),
};
const UpdateEndpoint = Type.Partial(Type.Object(EndpointFields));
const CreateEndpoint = Type.Object({ ...UpdateEndpoint.properties, url: EndpointFields.url });

export function endpointRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/endpoints',
      {
        schema: {
          tags,
          summary: 'Create a webhook endpoint',
          body: CreateEndpoint,
          response: { 201: EndpointSchema },
        },
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => ({
          status: 201,
          body: renderEndpoint(await ctx.endpoints.create(request.applicationId, request.body)),
        })),
    );
    app.get(
      '/v1/endpoints',
      {
        schema: {
          tags,
          summary: 'List webhook endpoints',
          response: { 200: Type.Object({ data: Type.Array(EndpointSchema) }) },
        },
      },
      async (request) => ({
        data: (await ctx.store.endpoints.list(request.applicationId)).map(renderEndpoint),
      }),
    );
    app.get(
      '/v1/endpoints/:id',
      { schema: { tags, summary: 'Get an endpoint', params: IdParams, response: { 200: EndpointSchema } } },
      async (request) => renderEndpoint(await ctx.endpoints.get(request.applicationId, request.params.id)),
    );
    app.patch(
      '/v1/endpoints/:id',
      {
        schema: {
          tags,
          summary: 'Change an endpoint',
          params: IdParams,
          body: UpdateEndpoint,
          response: { 200: EndpointSchema },
        },
      },
      async (request) =>
        renderEndpoint(await ctx.endpoints.update(request.applicationId, request.params.id, request.body)),
    );
    app.delete(
      '/v1/endpoints/:id',
      { schema: { tags, summary: 'Delete an endpoint', params: IdParams } },
      async (request, reply) => {
        await ctx.endpoints.delete(request.applicationId, request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/v1/endpoints/:id/test',
      {
        schema: {
          tags,
          summary: 'Send a webhook.test event to this endpoint only (signed and logged like any delivery)',
          params: IdParams,
          response: { 202: DeliverySchema },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(renderDelivery(await ctx.deliveries.sendTest(request.applicationId, request.params.id))),
    );
    app.post(
      '/v1/endpoints/:id/recover',
      {
        schema: {
          tags,
          summary: 'Deliver again everything that failed for this endpoint since a time',
          params: IdParams,
          body: Type.Object({ since: Type.String({ format: 'date-time' }) }),
        },
      },
      async (request, reply) => {
        const since = new Date(request.body.since);
        const reopened = await ctx.deliveries.recover(request.applicationId, request.params.id, since);
        return reply.status(202).send({ reopened });
      },
    );
  };
}
