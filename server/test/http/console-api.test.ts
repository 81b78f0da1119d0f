/**
 * The /v1 routes the console needs beyond records and webhooks: a record's file and page previews,
 * a test event for one endpoint, and delivery usage figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf, tinyPng } from '../support/pdfs.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

let t: TestDocket;
let hook: Receiver;
let recordId: string;
let pdf: Buffer;

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  // The first test event fails; everything else (records of the tests above that finish once an
  // endpoint exists) is accepted.
  let testEvents = 0;
  hook = await startReceiver((_n, request) =>
    request.body.includes('"webhook.test"') && testEvents++ === 0 ? 500 : 200,
  );
  pdf = await textPdf(['first page', 'second page']);
  const r = await api(t.url, t.apiKey, 'POST', '/v1/records', {
    kind: 'text',
    body: pdf.toString('base64'),
    filename: 'two pages.pdf',
  });
  expect(r.status).toBe(202);
  recordId = r.body.id;
});
afterAll(async () => {
  await hook.close();
  await t.stop({ remove: true });
});

describe("a record's file", () => {
  it('is downloaded as uploaded, with its type and name', async () => {
    const response = await fetch(`${t.url}/v1/records/${recordId}/file`, { headers: { 'x-auth': t.apiKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain('two pages.pdf');
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('needs the API key, and is not found for another application', async () => {
    expect((await api(t.url, null, 'GET', `/v1/records/${recordId}/file`)).status).toBe(401);
    const other = await t.docket.credentials.createApplication('other');
    const r = await api(t.url, other.api_key, 'GET', `/v1/records/${recordId}/pages/1`);
    expect(r.status).toBe(404);
  });

  it('renders PDF pages as PNGs and says how many pages there are when asked for one too far', async () => {
    const response = await fetch(`${t.url}/v1/records/${recordId}/pages/2`, {
      headers: { 'x-auth': t.apiKey },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-page-count')).toBe('2');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const tooFar = await api(t.url, t.apiKey, 'GET', `/v1/records/${recordId}/pages/3`);
    expect(tooFar.status).toBe(404);
    expect(tooFar.body.error.message).toContain('from 1 to 2');
    expect((await api(t.url, t.apiKey, 'GET', `/v1/records/${recordId}/pages/0`)).status).toBe(400);
  });

  it('refuses page previews of an image, pointing at the file itself', async () => {
    const png = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'lab_report',
      body: tinyPng.toString('base64'),
    });
    expect(png.status).toBe(202);
    const r = await api(t.url, t.apiKey, 'GET', `/v1/records/${png.body.id}/pages/1`);
    expect(r.status).toBe(415);
    expect(r.body.error.message).toContain(`/v1/records/${png.body.id}/file`);
  });
});

describe('test events and usage', () => {
  it('sends a signed webhook.test event to one endpoint, logged and replayable like any delivery', async () => {
    const endpoint = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: hook.url });
    const other = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
      url: `${hook.url}/other`,
      active: false,
    });
    const sent = await api(t.url, t.apiKey, 'POST', `/v1/endpoints/${endpoint.body.id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.body.event_type).toBe('webhook.test');
    const request = await eventually(async () => hook.requests.find((r) => r.body.includes('webhook.test')));
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'webhook.test',
      data: { endpoint_id: endpoint.body.id },
    });
    expect(request.headers['webhook-signature']).toMatch(/^v1,/);
    // The receiver answered the first test event 500: the delivery is retried by the standard
    // schedule, so its first attempt is logged as a failure with the status code.
    const attempts = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${sent.body.id}/attempts`);
      return r.body.data.length > 0 && r.body.data;
    });
    expect(attempts[0]).toMatchObject({ outcome: 'failure', status_code: 500 });

    const disabled = await api(t.url, t.apiKey, 'POST', `/v1/endpoints/${other.body.id}/test`);
    expect(disabled.status).toBe(409);
    expect(disabled.body.error.message).toContain('active');
    expect((await api(t.url, t.apiKey, 'POST', '/v1/endpoints/nope/test')).status).toBe(404);
  });

  it("takes null to clear an endpoint's product, retry policy and secret (as the console sends them)", async () => {
    const created = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
      url: `${hook.url}/nulls`,
      product: null,
      retry_policy: null,
      secret: null,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ product: null, retry_policy: null, has_secret: false });
    const bound = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${created.body.id}`, {
      product: 'native',
      retry_policy: 'documents',
    });
    expect(bound.body).toMatchObject({ product: 'native', retry_policy: 'documents' });
    const cleared = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${created.body.id}`, {
      product: null,
      retry_policy: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ product: null, retry_policy: null });
    await api(t.url, t.apiKey, 'DELETE', `/v1/endpoints/${created.body.id}`);
  });

  it("lists one record's events and deliveries", { timeout: 120_000 }, async () => {
    const endpoint = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: `${hook.url}/records` });
    const other = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'text',
      body: pdf.toString('base64'),
    });
    const mine = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'text',
      body: pdf.toString('base64'),
    });
    // Bounds, not timings: two analyses on a busy machine can take a while.
    const events = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/v1/events?record_id=${mine.body.id}`);
      return r.body.data.length > 0 && r.body.data;
    }, 50_000);
    expect(events.every((e: any) => e.record_id === mine.body.id)).toBe(true);
    await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/v1/events?record_id=${other.body.id}`);
      return r.body.data.length > 0;
    }, 50_000);
    const deliveries = await api(t.url, t.apiKey, 'GET', `/v1/deliveries?record_id=${mine.body.id}`);
    expect(deliveries.body.data.map((d: any) => d.endpoint_id)).toContain(endpoint.body.id);
    expect(deliveries.body.data.every((d: any) => d.event_id === events[0].id)).toBe(true);
    await api(t.url, t.apiKey, 'DELETE', `/v1/endpoints/${endpoint.body.id}`);
  });

  it('counts deliveries and attempt latencies per day', async () => {
    const usage = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', '/v1/usage/deliveries?days=7');
      return r.body.attempts?.count > 0 && r.body;
    });
    expect(usage.days).toHaveLength(7);
    expect(usage.days.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
    expect(usage.days.at(-1).attempts).toBeGreaterThan(0);
    expect(usage.attempts.p50).toBeGreaterThanOrEqual(0);
    expect(usage.deliveries.pending + usage.deliveries.failed + usage.deliveries.succeeded).toBeGreaterThan(
      0,
    );
    const bad = await api(t.url, t.apiKey, 'GET', '/v1/usage/deliveries?days=400');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('days');
  });
});

describe('the console', () => {
  it('is served at /console/ without an API key, and /console redirects there', async () => {
    const redirect = await fetch(`${t.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await fetch(`${t.url}/console/`);
    // 200 once built (npm install builds it), 503 with how to build it otherwise.
    expect([200, 503]).toContain(page.status);
    expect(await page.text()).toContain('Docket');
  });
});
