/** The native API's delivery log and failure queue: `/v1/deliveries` (list, get, attempts, replay). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DELIVERY_STATUSES } from '../../core/domain.ts';
import type { HttpContext } from '../../http/context.ts';
import { renderAttempt, renderDelivery } from './webhook-render.ts';
import { AttemptSchema, DeliverySchema, IdParams, WEBHOOK_TAGS as tags } from './webhook-schemas.ts';

export function deliveryRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/deliveries',
      {
        schema: {
          tags,
          summary: 'List deliveries, newest first (status=failed is the failure queue)',
          querystring: Type.Object({
            status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
            endpoint_id: Type.Optional(Type.String()),
            record_id: Type.Optional(
              Type.String({ description: 'Only deliveries of events about this record' }),
            ),
            cursor: Type.Optional(Type.String()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          }),
          response: {
            200: Type.Object({
              data: Type.Array(DeliverySchema),
              next_cursor: Type.Union([Type.String(), Type.Null()]),
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await ctx.store.deliveries.list({
          applicationId: request.applicationId,
          ...(q.status ? { status: q.status } : {}),
          ...(q.endpoint_id ? { endpointId: q.endpoint_id } : {}),
          ...(q.record_id ? { recordId: q.record_id } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: q.limit ?? 50,
        });
        return { data: page.items.map(renderDelivery), next_cursor: page.nextCursor };
      },
    );
    app.get(
      '/v1/deliveries/:id',
      { schema: { tags, summary: 'Get a delivery', params: IdParams, response: { 200: DeliverySchema } } },
      async (request) => renderDelivery(await ctx.deliveries.get(request.applicationId, request.params.id)),
    );
    app.get(
      '/v1/deliveries/:id/attempts',
      {
        schema: {
          tags,
          summary: "A delivery's attempt log",
          params: IdParams,
          response: { 200: Type.Object({ data: Type.Array(AttemptSchema) }) },
        },
      },
      async (request) => {
        const delivery = await ctx.deliveries.get(request.applicationId, request.params.id);
        return { data: (await ctx.store.deliveries.attempts(delivery.id)).map(renderAttempt) };
      },
    );
    app.post(
      '/v1/deliveries/:id/replay',
      {
        schema: {
          tags,
          summary: 'Send a finished delivery again',
          params: IdParams,
          response: { 202: DeliverySchema },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(renderDelivery(await ctx.deliveries.replay(request.applicationId, request.params.id))),
    );
  };
}
