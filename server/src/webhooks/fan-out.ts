/**
 * The outbox hook: inside the transaction that writes an event, one delivery per subscribed
 * endpoint and the task for its first attempt. The commit wakes a worker, so the first attempt
 * starts within milliseconds — no polling interval on the hot path.
 */

import { newId } from '../core/ids.ts';
import type { Clock } from '../core/ports.ts';
import type { OutboxHook } from '../core/processing.ts';
import { retryPresetForKind } from './payloads.ts';

/** First attempts; a lane of their own so they never wait behind retries. */
export const DELIVER_TASK = 'webhook.deliver';
/** Every later attempt, scheduled at its `next_attempt_at`. */
export const RETRY_TASK = 'webhook.retry';

export function deliveryFanOut(clock: Clock): OutboxHook {
  return async (tx, event, subject) => {
    const endpoints = await tx.endpoints.subscribedTo(event.applicationId, event.type);
    const now = clock.now();
    for (const endpoint of endpoints) {
      const id = newId();
      await tx.deliveries.insert({
        id,
        applicationId: event.applicationId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        retryPreset: retryPresetForKind(subject.kind),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.tasks.enqueue({ type: DELIVER_TASK, payload: { delivery_id: id } });
    }
  };
}
