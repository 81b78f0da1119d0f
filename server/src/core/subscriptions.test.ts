import { describe, expect, it } from 'vitest';
import type { Endpoint } from './domain.ts';
import { endpointTakes } from './subscriptions.ts';

const at = new Date(0);
function endpoint(overrides: Partial<Endpoint>): Endpoint {
  return {
    id: 'e',
    applicationId: 'a',
    url: 'https://example.com/hook',
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
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
const lab = { kind: 'lab_report', product: 'lab_reports', resourceId: null };
const invoice = { kind: 'template', product: 'templates', resourceId: 'tpl-1' };

describe('endpointTakes', () => {
  it('gives an unbound endpoint with no events every event of every product', () => {
    expect(endpointTakes(endpoint({}), 'record.completed', lab)).toBe(true);
    expect(endpointTakes(endpoint({}), 'record.failed', invoice)).toBe(true);
  });

  it("gives a product's endpoint with no events only that product's events", () => {
    const bound = endpoint({ product: 'lab_reports' });
    expect(endpointTakes(bound, 'record.completed', lab)).toBe(true);
    expect(endpointTakes(bound, 'record.completed', invoice)).toBe(false);
  });

  it("gives a resource's endpoint only that resource's events", () => {
    const bound = endpoint({ product: 'templates', resourceId: 'tpl-1' });
    expect(endpointTakes(bound, 'record.completed', invoice)).toBe(true);
    expect(endpointTakes(bound, 'record.completed', { ...invoice, resourceId: 'tpl-2' })).toBe(false);
  });

  it('filters by event type within what the binding lets through', () => {
    const onlyFailures = endpoint({ product: 'lab_reports', events: ['record.failed'] });
    expect(endpointTakes(onlyFailures, 'record.failed', lab)).toBe(true);
    expect(endpointTakes(onlyFailures, 'record.completed', lab)).toBe(false);
    expect(endpointTakes(onlyFailures, 'record.failed', invoice)).toBe(false);
  });
});
