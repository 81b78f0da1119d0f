/** The native API's shapes of endpoints, deliveries and their attempts. */
import type { Delivery, DeliveryAttempt, Endpoint } from '../../core/domain.ts';
import { maskHeaders } from '../../webhooks/endpoint-service.ts';
import type { RetryPolicy } from '../../webhooks/retry-policy.ts';
import type { AttemptBody, DeliveryBody, EndpointBody } from './webhook-schemas.ts';

export function renderEndpoint(endpoint: Endpoint): EndpointBody {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    product: endpoint.product,
    resource_id: endpoint.resourceId,
    active: endpoint.active,
    // Often the receiver's credentials: never shown in full (a PATCH may send them back as shown).
    headers: maskHeaders(endpoint.headers),
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

export function renderDelivery(delivery: Delivery): DeliveryBody {
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

export function renderAttempt(attempt: DeliveryAttempt): AttemptBody {
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
