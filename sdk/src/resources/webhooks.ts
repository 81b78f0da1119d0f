/** Webhook endpoints and their deliveries: the failure queue, attempt logs, replay and recovery. */
import { call } from '../api.ts';
import { PageIterator } from '../pagination.ts';
import type { Transport } from '../transport.ts';
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryPage,
  Endpoint,
  EndpointCreate,
  EndpointUpdate,
} from '../types.ts';

type Signal = { signal?: AbortSignal };
const signalOf = (options: Signal) => (options.signal ? { signal: options.signal } : {});

export class Endpoints {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Registers where events go (an empty `events` list takes every event of its product). */
  create(endpoint: EndpointCreate, options: Signal & { idempotencyKey?: string } = {}): Promise<Endpoint> {
    return call(this.#transport, 'post', '/v1/endpoints', {
      body: endpoint,
      creates: true,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...signalOf(options),
    });
  }

  async list(options: Signal = {}): Promise<Endpoint[]> {
    return (await call(this.#transport, 'get', '/v1/endpoints', signalOf(options))).data;
  }

  get(id: string, options: Signal = {}): Promise<Endpoint> {
    return call(this.#transport, 'get', '/v1/endpoints/{id}', { params: { id }, ...signalOf(options) });
  }

  update(id: string, changes: EndpointUpdate, options: Signal = {}): Promise<Endpoint> {
    return call(this.#transport, 'patch', '/v1/endpoints/{id}', {
      params: { id },
      body: changes,
      ...signalOf(options),
    });
  }

  async delete(id: string, options: Signal = {}): Promise<void> {
    await call(this.#transport, 'delete', '/v1/endpoints/{id}', { params: { id }, ...signalOf(options) });
  }

  /** Sends again everything that failed for the endpoint since `since`; resolves with how many were reopened. */
  async recover(id: string, since: Date | string, options: Signal = {}): Promise<{ reopened: number }> {
    const answer = await this.#transport.request<{ reopened: number }>({
      method: 'POST',
      path: `/v1/endpoints/${encodeURIComponent(id)}/recover`,
      json: { since: since instanceof Date ? since.toISOString() : since },
      safe: true, // reopening what is already pending again changes nothing
      ...signalOf(options),
    });
    return answer.data;
  }
}

export class Deliveries {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Deliveries, newest first (`{ status: 'failed' }` is the failure queue), page by page as the loop asks. */
  list(query: DeliveryListQuery = {}, options: Signal = {}): PageIterator<Delivery, DeliveryPage> {
    return new PageIterator<Delivery, DeliveryPage, string>(
      async (cursor, signal) => {
        const page = await call(this.#transport, 'get', '/v1/deliveries', {
          query: { ...query, ...(cursor ? { cursor } : {}) },
          ...(signal ? { signal } : {}),
        });
        return { page, items: page.data, next: page.next_cursor };
      },
      null,
      options.signal,
    );
  }

  get(id: string, options: Signal = {}): Promise<Delivery> {
    return call(this.#transport, 'get', '/v1/deliveries/{id}', { params: { id }, ...signalOf(options) });
  }

  /** Every attempt: when, status code, latency, error, the first 4 KB of the answer. */
  async attempts(id: string, options: Signal = {}): Promise<DeliveryAttempt[]> {
    return (
      await call(this.#transport, 'get', '/v1/deliveries/{id}/attempts', {
        params: { id },
        ...signalOf(options),
      })
    ).data;
  }

  /** Sends a finished delivery again (it is `pending` once more). */
  replay(id: string, options: Signal = {}): Promise<Delivery> {
    return call(this.#transport, 'post', '/v1/deliveries/{id}/replay', {
      params: { id },
      ...signalOf(options),
    });
  }
}
