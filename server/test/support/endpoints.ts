/** A webhook endpoint as stored, with the defaults a new one gets, for tests and benchmarks that insert it directly. */
import type { Endpoint } from '../../src/core/domain.ts';

export function newEndpoint(
  fields: Pick<Endpoint, 'id' | 'applicationId' | 'url'> & Partial<Endpoint>,
): Endpoint {
  const now = new Date();
  return {
    description: '',
    events: [],
    product: null,
    resourceId: null,
    active: true,
    headers: {},
    retryPolicy: null,
    timeoutMs: 5000,
    secret: null,
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}
