/**
 * The native webhook API: endpoints (`/v1/endpoints`), the delivery log and failure queue
 * (`/v1/deliveries`), the event log (`/v1/events`) and signing-key rotation.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CredentialService } from '../../core/credentials.ts';
import { DELIVERY_STATUSES, type Delivery, type DeliveryAttempt, type Endpoint } from '../../core/domain.ts';
import type { Store } from '../../core/ports.ts';
import { renderEvent } from '../../profiles/native/render.ts';
import { EventPageSchema } from '../../profiles/native/schemas.ts';
import type { DeliveryService } from '../../webhooks/delivery-service.ts';
import type { EndpointService } from '../../webhooks/endpoint-service.ts';
import { type RetryPolicy, RetryPolicySchema } from '../../webhooks/retry-policy.ts';
import type { IdempotencyGuard } from '../idempotency.ts';
import {
  type AttemptBody,
  AttemptSchema,
  type DeliveryBody,
  DeliverySchema,
  type EndpointBody,
  EndpointSchema,
} from './webhook-schemas.ts';

export interface WebhookRoutesDeps {
  store: Store;
  idempotency: IdempotencyGuard;
  endpoints: EndpointService;
  deliveries: DeliveryService;
  credentials: CredentialService;
}

function renderEndpoint(endpoint: Endpoint): EndpointBody {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    active: endpoint.active,
    headers: endpoint.headers,
    // Validated by parseRetryPolicy when it was saved.
    retry_policy: endpoint.retryPolicy as RetryPolicy | null,
    timeout_ms: endpoint.timeoutMs,
    has_secret: endpoint.secret !== null,
    disabled_reason: endpoint.disabledReason,
    failing_since: endpoint.failingSince?.toISOString() ?? null,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

function renderDelivery(delivery: Delivery): DeliveryBody {
  return {
    id: delivery.id,
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    created_at: delivery.createdAt.toISOString(),
    updated_at: delivery.updatedAt.toISOString(),
  };
}

function renderAttempt(attempt: DeliveryAttempt): AttemptBody {
  return {
    number: attempt.number,
    started_at: attempt.startedAt.toISOString(),
    outcome: attempt.outcome,
    status_code: attempt.statusCode,
    latency_ms: attempt.latencyMs,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
  };
}

const EndpointFields = {
  url: Type.String({ description: 'http(s) URL; refused when it resolves to a non-public address' }),
  description: Type.String({ maxLength: 500 }),
  events: Type.Array(Type.String(), { description: 'Event types to deliver; empty for every event' }),
  active: Type.Boolean(),
  headers: Type.Record(Type.String(), Type.String(), {
    description: 'Extra headers, e.g. for authentication',
  }),
  retry_policy: Type.Union([RetryPolicySchema, Type.Null()]),
  // No schema default: the validator fills defaults in, and a PATCH leaving the field out would
  // then reset it. A new endpoint gets its default from EndpointService.
  timeout_ms: Type.Integer({ minimum: 100, maximum: 30_000, description: 'Per attempt; 5000 by default' }),
  secret: Type.Union([Type.String(), Type.Null()], { description: 'Per-endpoint whsec_ signing key' }),
};
const UpdateEndpoint = Type.Partial(Type.Object(EndpointFields));
const CreateEndpoint = Type.Object({ ...UpdateEndpoint.properties, url: EndpointFields.url });
const IdParams = Type.Object({ id: Type.String() });
const tags = ['webhooks'];

export function webhookRoutes(deps: WebhookRoutesDeps): FastifyPluginAsyncTypebox {
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
        deps.idempotency.run(request, reply, async () => ({
          status: 201,
          body: renderEndpoint(await deps.endpoints.create(request.applicationId, request.body)),
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
        data: (await deps.store.endpoints.list(request.applicationId)).map(renderEndpoint),
      }),
    );
    app.get(
      '/v1/endpoints/:id',
      { schema: { tags, summary: 'Get an endpoint', params: IdParams, response: { 200: EndpointSchema } } },
      async (request) => renderEndpoint(await deps.endpoints.get(request.applicationId, request.params.id)),
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
        renderEndpoint(await deps.endpoints.update(request.applicationId, request.params.id, request.body)),
    );
    app.delete(
      '/v1/endpoints/:id',
      { schema: { tags, summary: 'Delete an endpoint', params: IdParams } },
      async (request, reply) => {
        await deps.endpoints.delete(request.applicationId, request.params.id);
        return reply.status(204).send();
      },
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
        const reopened = await deps.deliveries.recover(request.applicationId, request.params.id, since);
        return reply.status(202).send({ reopened });
      },
    );

    app.get(
      '/v1/deliveries',
      {
        schema: {
          tags,
          summary: 'List deliveries, newest first (status=failed is the failure queue)',
          querystring: Type.Object({
            status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
            endpoint_id: Type.Optional(Type.String()),
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
        const page = await deps.store.deliveries.list({
          applicationId: request.applicationId,
          ...(q.status ? { status: q.status } : {}),
          ...(q.endpoint_id ? { endpointId: q.endpoint_id } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: q.limit ?? 50,
        });
        return { data: page.items.map(renderDelivery), next_cursor: page.nextCursor };
      },
    );
    app.get(
      '/v1/deliveries/:id',
      { schema: { tags, summary: 'Get a delivery', params: IdParams, response: { 200: DeliverySchema } } },
      async (request) => renderDelivery(await deps.deliveries.get(request.applicationId, request.params.id)),
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
        const delivery = await deps.deliveries.get(request.applicationId, request.params.id);
        return { data: (await deps.store.deliveries.attempts(delivery.id)).map(renderAttempt) };
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
          .send(renderDelivery(await deps.deliveries.replay(request.applicationId, request.params.id))),
    );

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
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: { 200: EventPageSchema },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 100;
        const events = await deps.store.events.list(
          request.applicationId,
          request.query.after ?? 0,
          limit,
          request.query.type,
        );
        return { data: events.map(renderEvent), next_after: events.at(-1)?.seq ?? request.query.after ?? 0 };
      },
    );

    app.post(
      '/v1/application/signing-key/rotate',
      { schema: { tags, summary: 'Issue a new webhook signing key; the old one keeps signing for 24 h' } },
      async (request) => {
        const { key, previousExpiresAt } = await deps.credentials.rotateSigningKey(request.applicationId);
        return {
          webhook_signature_key: key,
          previous_key_expires_at: previousExpiresAt?.toISOString() ?? null,
        };
      },
    );
  };
}
