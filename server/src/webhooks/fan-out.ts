/**
 * The outbox hook: inside the transaction that writes an event, one delivery per endpoint that
 * takes it (core/subscriptions.ts) and the task for its first attempt. The commit wakes a worker,
 * so the first attempt starts within milliseconds — no polling interval on the hot path.
 */
import { newId } from '../core/ids.ts';
import type { Clock, OutboxHook } from '../core/ports.ts';
import { endpointTakes } from '../core/subscriptions.ts';
import { TASKS, taskSpec } from '../core/tasks.ts';

export interface FanOutDeps {
  clock: Clock;
  /** The retry preset of a product, for endpoints that set no policy. */
  retryPresetOf: (product: string | null) => string;
}

export function deliveryFanOut(deps: FanOutDeps): OutboxHook {
  return async (tx, event, subject) => {
    const endpoints = (await tx.endpoints.active(event.applicationId)).filter((endpoint) =>
      endpointTakes(endpoint, event.type, subject),
    );
    const now = deps.clock.now();
    for (const endpoint of endpoints) {
      const id = newId();
      await tx.deliveries.insert({
        id,
        applicationId: event.applicationId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        product: subject.product,
        recordId: event.recordId,
        retryPreset: deps.retryPresetOf(subject.product),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.tasks.enqueue(taskSpec(TASKS.deliver, { delivery_id: id }));
    }
  };
}
