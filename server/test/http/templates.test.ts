/** Seed 002's templates through the real server: CRUD with UUID ids, webhooks kept with them, invoice2data import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_TEMPLATE, GLOBEX_TEMPLATE } from '../fixtures/templates/invoices.ts';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';

let t: TestDocket;
const hook = 'http://127.0.0.1:9/template-hook';

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
});
afterAll(async () => {
  await t.stop({ remove: true });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('/v1/templates', () => {
  it('creates, reads, lists, changes and deletes a template with its webhook', async () => {
    const created = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      ...ACME_TEMPLATE,
      webhook_url: hook,
      webhook_headers: { Authorization: 'Bearer receiver-secret-123' },
    });
    expect(created.status).toBe(201);
    const template = created.body;
    expect(template.id).toMatch(UUID);
    expect(template).toMatchObject({
      name: 'ACME Supplies',
      keywords: ['ACME Supplies'],
      fields: { invoice_number: { required: true } },
      webhook_url: hook,
      // Custom headers are the receiver's credentials: read back masked.
      webhook_headers: { Authorization: '…-123' },
    });

    // The webhook is an endpoint bound to the template, like every other endpoint.
    const endpoints = (await api(t.url, t.apiKey, 'GET', '/v1/endpoints')).body.data as any[];
    expect(endpoints.find((e) => e.url === hook)).toMatchObject({ product: 'templates' });

    const read = await api(t.url, t.apiKey, 'GET', `/v1/templates/${template.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(template);

    const listed = await api(t.url, t.apiKey, 'GET', '/v1/templates');
    expect(listed.body.data.map((x: any) => x.id)).toContain(template.id);

    const renamed = await api(t.url, t.apiKey, 'PATCH', `/v1/templates/${template.id}`, {
      name: 'ACME (2026)',
      webhook_headers: { Authorization: '…-123', 'X-Tenant': 'north' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'ACME (2026)',
      keywords: ['ACME Supplies'],
      webhook_url: hook,
      webhook_headers: { Authorization: '…-123', 'X-Tenant': '…' },
    });
    const stored = (await t.docket.store.endpoints.boundTo(t.applicationId, 'templates', template.id))[0]!;
    expect(stored.headers).toEqual({ Authorization: 'Bearer receiver-secret-123', 'X-Tenant': 'north' });

    const unhooked = await api(t.url, t.apiKey, 'PATCH', `/v1/templates/${template.id}`, {
      webhook_url: null,
    });
    expect(unhooked.body).toMatchObject({ webhook_url: null, webhook_headers: {} });
    expect(await t.docket.store.endpoints.boundTo(t.applicationId, 'templates', template.id)).toEqual([]);

    expect((await api(t.url, t.apiKey, 'DELETE', `/v1/templates/${template.id}`)).status).toBe(204);
    const gone = await api(t.url, t.apiKey, 'GET', `/v1/templates/${template.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'template_not_found' });
  });

  it('keeps templates per application', async () => {
    const other = await t.docket.credentials.createApplication('other');
    const mine = (await api(t.url, t.apiKey, 'POST', '/v1/templates', GLOBEX_TEMPLATE)).body;
    expect((await api(t.url, other.api_key, 'GET', `/v1/templates/${mine.id}`)).status).toBe(404);
    expect((await api(t.url, other.api_key, 'DELETE', `/v1/templates/${mine.id}`)).status).toBe(404);
    expect((await api(t.url, other.api_key, 'GET', '/v1/templates')).body.data).toEqual([]);
  });

  it('refuses a template it could not use, saying what to fix', async () => {
    const noFields = await api(t.url, t.apiKey, 'POST', '/v1/templates', { name: 'x', keywords: ['x'] });
    expect(noFields.status).toBe(400);
    expect(noFields.body.error.message).toContain('fields');

    const badRegex = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      ...GLOBEX_TEMPLATE,
      fields: { total: { rules: [{ regex: '(unclosed' }] } },
    });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.error).toMatchObject({ code: 'invalid_template' });
    expect(badRegex.body.error.message).toContain('fields.total.rules[0].regex');

    const badType = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      ...GLOBEX_TEMPLATE,
      fields: { total: { type: 'currency', rules: [{ regex: '(\\d+)' }] } },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toContain('fields.total.type');

    const refusedHook = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      ...GLOBEX_TEMPLATE,
      webhook_url: 'http://10.1.2.3/hook',
    });
    expect(refusedHook.status).toBe(400);
    expect(refusedHook.body.error).toMatchObject({ code: 'webhook_target_refused' });
    // Nothing was stored for the refused request.
    const names = (await api(t.url, t.apiKey, 'GET', '/v1/templates')).body.data.map((x: any) => x.name);
    expect(names.filter((n: string) => n === 'x')).toEqual([]);

    const headersAlone = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      ...GLOBEX_TEMPLATE,
      webhook_headers: { 'X-Key': 'k' },
    });
    expect(headersAlone.status).toBe(400);
    expect(headersAlone.body.error).toMatchObject({ code: 'webhook_url_required' });
  });

  it('imports an invoice2data template (YAML with Python regexes), as JSON or as a YAML body', async () => {
    const yaml = [
      'issuer: Globex Corporation',
      'keywords:',
      '  - Globex',
      'fields:',
      '  amount: Total:\\s+(?P<amount>[\\d.,]+)',
      '  invoice_number: Invoice number:\\s+(\\S+)',
      '  date: Date:\\s+(\\d{4}-\\d{2}-\\d{2})',
      'options:',
      '  currency: EUR',
      '  date_formats:',
      '    - "%Y-%m-%d"',
      '',
    ].join('\n');
    const imported = await api(t.url, t.apiKey, 'POST', '/v1/templates/import', {
      source: yaml,
      webhook_url: hook,
    });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      name: expect.any(String),
      keywords: ['Globex'],
      webhook_url: hook,
    });
    const amount = JSON.stringify(imported.body.fields.amount);
    expect(amount).not.toContain('?P<');
    expect(amount).toContain('(?<amount>');

    const raw = await api(t.url, t.apiKey, 'POST', '/v1/templates/import', yaml, {
      'content-type': 'application/yaml',
    });
    expect(raw.status).toBe(201);
    expect(raw.body.keywords).toEqual(['Globex']);

    const broken = await api(t.url, t.apiKey, 'POST', '/v1/templates/import', { source: 'fields: [' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'invalid_invoice2data_template' });
    const noKeywords = await api(t.url, t.apiKey, 'POST', '/v1/templates/import', {
      source: { fields: { amount: 'x(\\d+)' } },
    });
    expect(noKeywords.status).toBe(400);
    expect(noKeywords.body.error.message).toContain('keywords');
  });
});
