/** The failure queue's verbs: replay one delivery, or recover everything an endpoint missed since a time. */
import type { Delivery } from '../core/domain.ts';
import { DocketError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Clock, Store } from '../core/ports.ts';
import { TASKS, taskSpec } from '../core/tasks.ts';

/** The event type of a test delivery; only the endpoint it was sent to receives it. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** Recovery reopens at most this many deliveries per call; call again for the rest. */
const RECOVER_BATCH = 1000;

export class DeliveryService {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async get(applicationId: string, id: string): Promise<Delivery> {
    const delivery = await this.#store.deliveries.get(applicationId, id);
    if (!delivery) throw new DocketError('not_found', 'delivery_not_found', `no delivery with id ${id}`);
    return delivery;
  }

  /** Sends a finished (failed or succeeded) delivery again, with a fresh round of attempts. */
  async replay(applicationId: string, id: string): Promise<Delivery> {
    const delivery = await this.get(applicationId, id);
    if (delivery.status === 'pending') {
      throw new DocketError(
        'conflict',
        'delivery_pending',
        'this delivery is still being attempted; replay it once it has finished',
      );
    }
    await this.#requireActive(applicationId, delivery.endpointId);
    await this.#store.transaction(async (tx) => {
      if (await tx.deliveries.reopen(id, this.#clock.now())) {
        await tx.tasks.enqueue(taskSpec(TASKS.deliver, { delivery_id: id }));
      }
    });
    return this.get(applicationId, id);
  }

  /** Reopens every delivery to the endpoint that failed at or after `since`; returns how many. */
  async recover(applicationId: string, endpointId: string, since: Date): Promise<number> {
    await this.#requireActive(applicationId, endpointId);
    const failed = await this.#store.deliveries.failedSince(endpointId, since, RECOVER_BATCH);
    const now = this.#clock.now();
    return this.#store.transaction(async (tx) => {
      let reopened = 0;
      for (const delivery of failed) {
        if (await tx.deliveries.reopen(delivery.id, now)) {
          await tx.tasks.enqueue(taskSpec(TASKS.deliver, { delivery_id: delivery.id }));
          reopened++;
        }
      }
      return reopened;
    });
  }

  /**
   * Sends a `webhook.test` event to one endpoint, signed and logged like any delivery (the
   * console's "send test event"). The event goes into the event log too: a delivery always
   * sends its event's stored body. It is retried by the endpoint's policy (or `standard`).
   */
  async sendTest(applicationId: string, endpointId: string): Promise<Delivery> {
    await this.#requireActive(applicationId, endpointId);
    const now = this.#clock.now();
    const eventId = newId();
    const deliveryId = newId();
    await this.#store.transaction(async (tx) => {
      await tx.events.append({
        id: eventId,
        applicationId,
        type: TEST_EVENT_TYPE,
        recordId: null,
        data: {
          type: TEST_EVENT_TYPE,
          timestamp: now.toISOString(),
          data: { endpoint_id: endpointId, message: 'A test event sent from the Docket console or API' },
        },
        createdAt: now,
      });
      await tx.deliveries.insert({
        id: deliveryId,
        applicationId,
        endpointId,
        eventId,
        eventType: TEST_EVENT_TYPE,
        product: null,
        recordId: null,
        retryPreset: 'standard',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.tasks.enqueue(taskSpec(TASKS.deliver, { delivery_id: deliveryId }));
    });
    return this.get(applicationId, deliveryId);
  }

  async #requireActive(applicationId: string, endpointId: string): Promise<void> {
    const endpoint = await this.#store.endpoints.get(applicationId, endpointId);
    if (!endpoint)
      throw new DocketError('not_found', 'endpoint_not_found', `no endpoint with id ${endpointId}`);
    if (!endpoint.active) {
      throw new DocketError(
        'conflict',
        'endpoint_disabled',
        `the endpoint is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}: set active to true first`,
      );
    }
  }
}
