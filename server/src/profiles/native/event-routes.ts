/**
 * The event log (`/v1/events`), to catch up on anything missed whether or not webhooks reached
 * the customer, and the application's signing-key rotation.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../../http/context.ts';
import { renderEvent } from './render.ts';
import { EventPageSchema } from './schemas.ts';
import { WEBHOOK_TAGS as tags } from './webhook-schemas.ts';

export function eventRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/events',
      {
        schema: {
          tags,
          summary: 'The event log, oldest first after a cursor (independent of webhooks)',
          querystring: Type.Object({
            after: Type.Optional(
              Type.Integer({ minimum: 0, description: 'The seq of the last event you have' }),
            ),
            type: Type.Optional(Type.String()),
            record_id: Type.Optional(Type.String({ description: 'Only the events about this record' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: { 200: EventPageSchema },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 100;
        const events = await ctx.store.events.list(
          request.applicationId,
          request.query.after ?? 0,
          limit,
          request.query.type,
          request.query.record_id,
        );
        return { data: events.map(renderEvent), next_after: events.at(-1)?.seq ?? request.query.after ?? 0 };
      },
    );

    app.post(
      '/v1/application/signing-key/rotate',
      { schema: { tags, summary: 'Issue a new webhook signing key; the old one keeps signing for 24 h' } },
      async (request) => {
        const { key, previousExpiresAt } = await ctx.credentials.rotateSigningKey(request.applicationId);
        return {
          webhook_signature_key: key,
          previous_key_expires_at: previousExpiresAt?.toISOString() ?? null,
        };
      },
    );
  };
}
