/** Which endpoints take which events: the one rule, shared by fan-out and its tests. */
import type { Endpoint } from './domain.ts';
import type { EventSubject } from './ports.ts';

/**
 * Whether `endpoint` takes an event of `type` about `subject`. An endpoint bound to a product gets
 * none of another product's events, and one bound to a resource (a template) none of another
 * resource's. Its `events` list then filters by type; an empty list means every event of its own
 * product — or of every product, for an endpoint bound to none.
 */
export function endpointTakes(endpoint: Endpoint, type: string, subject: EventSubject): boolean {
  if (endpoint.product !== null && endpoint.product !== subject.product) return false;
  if (endpoint.resourceId !== null && endpoint.resourceId !== subject.resourceId) return false;
  return endpoint.events.length === 0 || endpoint.events.includes(type);
}
