import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabReportPdf, US_TABLE_REPORT } from '../fixtures/lab-reports/generate.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { testAdapterSet } from '../support/postgres.ts';
import { type Receiver, type Script, startReceiver } from '../support/receiver.ts';

let t: TestDocket;
let pdf: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  pdf = (await textPdf(['webhook me'])).toString('base64');
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await t.stop({ remove: true });
});

async function receiver(script?: Script): Promise<Receiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, fields: Record<string, unknown> = {}, key = t.apiKey) {
  const created = await api(t.url, key, 'POST', '/v1/endpoints', { url, ...fields });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

async function upload(kind = 'text', body = pdf, key = t.apiKey): Promise<string> {
  const r = await api(t.url, key, 'POST', '/v1/records', { kind, body });
  expect(r.status).toBe(202);
  return r.body.id;
}

async function deliveriesOf(endpointId: string, key = t.apiKey) {
  return (await api(t.url, key, 'GET', `/v1/deliveries?endpoint_id=${endpointId}&limit=200`)).body
    .data as any[];
}

/** Seed 000's receiver, line for line: HMAC-SHA256 over the raw body with the key's bytes, hex. */
function seedReceiverAccepts(key: string, body: string, signature: string | undefined): boolean {
  if (!signature) return false;
  return createHmac('sha256', Buffer.from(key)).update(body).digest('hex') === signature;
}

describe('webhook delivery', () => {
  it("delivers seed 000's lab-report payload, verifiable by the seed's receiver and by standardwebhooks", async () => {
    const app = await t.docket.credentials.createApplication('lab');
    const hook = await receiver();
    await endpoint(hook.url, {}, app.api_key);
    const report = (await makeLabReportPdf(US_TABLE_REPORT)).toString('base64');
    const accepted = await api(t.url, app.api_key, 'POST', '/lab_reports', {
      mime_type: 'application/pdf',
      body: report,
      application_user_id: 'end_user_id1',
    });
    await eventually(async () => hook.requests.length === 1);
    const [request] = hook.requests;
    expect(
      seedReceiverAccepts(
        app.webhook_signature_key,
        request!.body,
        request!.headers['x-body-signature'] as string,
      ),
    ).toBe(true);
    expect(() =>
      new Webhook(app.webhook_signature_key).verify(
        request!.body,
        request!.headers as Record<string, string>,
      ),
    ).not.toThrow();
    const payload = JSON.parse(request!.body);
    expect(payload).toMatchObject({
      application_user_id: 'end_user_id1',
      record_id: accepted.body.lab_report.record_id,
      status: 'completed',
      collection_date: '2024-03-14',
      result_date: '2024-03-15',
      uploaded_at: accepted.body.lab_report.uploaded_at,
    });
    expect(payload.sections[0].results[0]).toEqual(
      expect.objectContaining({ loinc_code: expect.any(String), original_test_name: expect.any(String) }),
    );
    expect(Object.keys(payload)).toEqual(
      expect.arrayContaining(['record_id', 'status', 'sections', 'uploaded_at', 'modified_at']),
    );
  });

  it('retries 500, 500 and delivers on the third attempt with one webhook-id and the same bytes', async () => {
    // Issue 16: on PostgreSQL + pg-boss (the scale-out project runs this file too) a receiver saw
    // two ids for one record's event. Every attempt must carry the event id and its stored bytes.
    const hook = await receiver((n) => (n < 2 ? 500 : 200));
    const ep = await endpoint(hook.url, { retry_policy: { delays_ms: [50, 50, 50] } });
    const recordId = await upload();
    await eventually(async () => hook.requests.length === 3);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(ep.id);
      return list[0]?.status === 'succeeded' ? list : null;
    });
    const events = (await api(t.url, t.apiKey, 'GET', '/v1/events?type=record.completed&limit=500')).body
      .data as any[];
    expect(events.filter((e) => e.record_id === recordId).map((e) => e.id)).toEqual([delivery.event_id]);
    const [first, ...rest] = hook.requests;
    for (const request of rest) {
      expect(request.headers['webhook-id']).toBe(delivery.event_id);
      expect(request.raw.equals(first!.raw)).toBe(true);
      expect(request.headers['x-body-signature']).toBe(first!.headers['x-body-signature']);
    }
    expect(first!.headers['webhook-id']).toBe(delivery.event_id);
    for (const request of hook.requests) {
      expect(() =>
        new Webhook(t.signingKey).verify(request.body, request.headers as Record<string, string>),
      ).not.toThrow();
    }
    const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${delivery.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => [a.number, a.status_code, a.outcome])).toEqual([
      [1, 500, 'failure'],
      [2, 500, 'failure'],
      [3, 200, 'success'],
    ]);
    expect(attempts[0].response_excerpt).toBe('status 500');
    expect(attempts[0].latency_ms).toEqual(expect.any(Number));
  });

  it('times out a hanging receiver and retries it', async () => {
    const hook = await receiver((n) => (n === 0 ? 'hang' : 200));
    const ep = await endpoint(hook.url, { timeout_ms: 300, retry_policy: { delays_ms: [10] } });
    await upload();
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(ep.id);
      return list[0]?.status === 'succeeded' ? list : null;
    });
    const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${delivery.id}/attempts`)).body.data;
    expect(attempts[0]).toMatchObject({ outcome: 'failure', status_code: null });
    expect(attempts[0].error).toMatch(/time/i);
    expect(attempts[1]).toMatchObject({ outcome: 'success', status_code: 200 });
  });

  it('replay and recover deliver failed deliveries again', async () => {
    let healthy = false;
    const hook = await receiver(() => (healthy ? 200 : 503));
    const ep = await endpoint(hook.url, { retry_policy: { delays_ms: [] } });
    await upload();
    await upload();
    const failed = await eventually(async () => {
      const list = await deliveriesOf(ep.id);
      return list.length === 2 && list.every((d) => d.status === 'failed') ? list : null;
    });
    const queue = (await api(t.url, t.apiKey, 'GET', '/v1/deliveries?status=failed&limit=200')).body.data;
    expect(queue.map((d: any) => d.id)).toEqual(expect.arrayContaining(failed.map((d) => d.id)));

    healthy = true;
    const replayed = await api(t.url, t.apiKey, 'POST', `/v1/deliveries/${failed[0].id}/replay`);
    expect(replayed.status).toBe(202);
    await eventually(
      async () => (await deliveriesOf(ep.id)).filter((d) => d.status === 'succeeded').length === 1,
    );

    const recovered = await api(t.url, t.apiKey, 'POST', `/v1/endpoints/${ep.id}/recover`, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(recovered.body).toEqual({ reopened: 1 });
    await eventually(async () => (await deliveriesOf(ep.id)).every((d) => d.status === 'succeeded'));
    expect(hook.requests.filter((r) => r.headers['webhook-id']).length).toBe(4);
  });

  it('410 Gone disables the endpoint and says why', async () => {
    const hook = await receiver(() => 410);
    const ep = await endpoint(hook.url);
    await upload();
    const disabled = await eventually(async () => {
      const e = (await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${ep.id}`)).body;
      return e.active === false ? e : null;
    });
    expect(disabled.disabled_reason).toMatch(/410/);
    expect(hook.requests).toHaveLength(1);
    const replay = await api(
      t.url,
      t.apiKey,
      'POST',
      `/v1/deliveries/${(await deliveriesOf(ep.id))[0].id}/replay`,
    );
    expect(replay.status).toBe(409);
  });

  it('honours the event filter and the active flag', async () => {
    const completed = await receiver();
    const failed = await receiver();
    const paused = await receiver();
    const toCompleted = await endpoint(completed.url, { events: ['record.completed'] });
    const toFailed = await endpoint(failed.url, { events: ['record.failed'] });
    const toPaused = await endpoint(paused.url, { active: false });
    const id = await upload('text', Buffer.from('%PDF-1.4\nnot really a pdf\n%%EOF').toString('base64'));
    await eventually(async () => failed.requests.length >= 1);
    const body = JSON.parse(failed.requests.at(-1)!.body);
    expect(body).toMatchObject({
      type: 'record.failed',
      data: { id, status: 'failed', error: { code: 'pdf_corrupt' } },
    });
    // Deliveries are written with the event, so by now every endpoint that takes it has one.
    const log = (await api(t.url, t.apiKey, 'GET', '/v1/events?type=record.failed&limit=500')).body;
    const event = log.data.find((e: any) => e.record_id === id);
    const deliveredTo = async (ep: { id: string }) =>
      (await deliveriesOf(ep.id)).filter((d) => d.event_id === event.id).length;
    expect(await deliveredTo(toFailed)).toBe(1);
    expect(await deliveredTo(toCompleted)).toBe(0);
    expect(await deliveredTo(toPaused)).toBe(0);
  });

  it('keeps the event log, independent of webhooks', async () => {
    const id = await upload();
    const event = await eventually(async () => {
      const log = (await api(t.url, t.apiKey, 'GET', '/v1/events?type=record.completed&limit=500')).body;
      return log.data.find((e: any) => e.record_id === id);
    });
    expect(event).toMatchObject({
      type: 'record.completed',
      data: { type: 'record.completed', data: { id } },
    });
    const after = (await api(t.url, t.apiKey, 'GET', `/v1/events?after=${event.seq}`)).body;
    expect(after.data.every((e: any) => e.seq > event.seq)).toBe(true);
  });

  it('rotates the signing key: both keys sign for 24 h, x-body-signature uses the new one', async () => {
    const app = await t.docket.credentials.createApplication('rotating');
    const hook = await receiver();
    await endpoint(hook.url, {}, app.api_key);
    const rotated = await api(t.url, app.api_key, 'POST', '/v1/application/signing-key/rotate');
    expect(rotated.status).toBe(200);
    const newKey = rotated.body.webhook_signature_key;
    expect(newKey).toMatch(/^whsec_/);
    expect(new Date(rotated.body.previous_key_expires_at).getTime()).toBeGreaterThan(
      Date.now() + 23 * 3600_000,
    );
    await upload('text', pdf, app.api_key);
    await eventually(async () => hook.requests.length === 1);
    const [request] = hook.requests;
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const key of [newKey, app.webhook_signature_key]) {
      expect(() => new Webhook(key).verify(request!.body, headers)).not.toThrow();
    }
    expect(seedReceiverAccepts(newKey, request!.body, headers['x-body-signature'])).toBe(true);
  });

  it('a slow endpoint does not delay a healthy one', async () => {
    const slow = await receiver(() => 'hang');
    const fast = await receiver();
    const toSlow = await endpoint(slow.url, { timeout_ms: 30_000, retry_policy: { delays_ms: [] } });
    await endpoint(fast.url);
    const before = fast.requests.length;
    for (let i = 0; i < 12; i++) await upload();
    // All twelve reach the healthy endpoint while the slow one still holds its few slots: none of
    // its attempts has ended (they would only time out after 30 s), and most have not started.
    await eventually(async () => fast.requests.length - before >= 12);
    expect(slow.requests.length).toBeLessThan(12);
    const slowDeliveries = await deliveriesOf(toSlow.id);
    expect(slowDeliveries.length).toBeGreaterThanOrEqual(12);
    expect(slowDeliveries.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
  });

  it('reports deliveries in /metrics', async () => {
    const metrics = (await api(t.url, null, 'GET', '/metrics')).body as string;
    expect(metrics).toMatch(/docket_webhook_attempts_total\{outcome="success",error_kind="none"\} \d+/);
    expect(metrics).toMatch(
      /docket_webhook_attempts_total\{outcome="failure",error_kind="http_status"\} \d+/,
    );
    expect(metrics).toContain('docket_webhook_attempt_duration_seconds_bucket');
    expect(metrics).toMatch(/docket_webhook_deliveries\{endpoint_id="[^"]+",status="failed"\} \d+/);
  });

  it('a repeated endpoint creation with the same Idempotency-Key makes one endpoint', async () => {
    const hook = await receiver();
    const headers = { 'idempotency-key': 'endpoint-once' };
    const first = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: hook.url }, headers);
    const again = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: hook.url }, headers);
    expect(again.body.id).toBe(first.body.id);
    const all = (await api(t.url, t.apiKey, 'GET', '/v1/endpoints')).body.data;
    expect(all.filter((e: any) => e.url === hook.url)).toHaveLength(1);
  });

  it("keeps applications' endpoints and deliveries apart", async () => {
    const other = await t.docket.credentials.createApplication('other');
    const hook = await receiver();
    const ep = await endpoint(hook.url);
    expect((await api(t.url, other.api_key, 'GET', `/v1/endpoints/${ep.id}`)).status).toBe(404);
    expect((await api(t.url, other.api_key, 'GET', '/v1/endpoints')).body.data).toEqual([]);
    expect((await api(t.url, other.api_key, 'GET', '/v1/deliveries')).body.data).toEqual([]);
  });

  it('a PATCH changes only the fields it names', async () => {
    const ep = await endpoint('http://127.0.0.1:1/x', { timeout_ms: 12_000, description: 'before' });
    const patched = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${ep.id}`, { description: 'after' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: 'after', timeout_ms: 12_000 });
    const fresh = await endpoint('http://127.0.0.1:1/y');
    expect((await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${fresh.id}`)).body.timeout_ms).toBe(5000);
  });

  it('masks custom header values on read, sends them whole, and keeps them when sent back masked', async () => {
    const hook = await receiver();
    const secret = 'Bearer sk_live_0123456789abcdef';
    const created = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
      url: hook.url,
      headers: { Authorization: secret, 'X-Tenant': 'acme' },
    });
    expect(created.status).toBe(201);
    const shown = { Authorization: '…cdef', 'X-Tenant': '…' };
    expect(created.body.headers).toEqual(shown);
    const ep = created.body;
    expect((await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${ep.id}`)).body.headers).toEqual(shown);
    const listed = (await api(t.url, t.apiKey, 'GET', '/v1/endpoints')).body.data;
    expect(listed.find((e: any) => e.id === ep.id).headers).toEqual(shown);
    expect(JSON.stringify(listed)).not.toContain('sk_live');

    // The console's round trip: send back what was read, plus one new header.
    const patched = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${ep.id}`, {
      headers: { ...shown, 'X-Extra': 'x-extra-value-1234' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.headers).toEqual({ ...shown, 'X-Extra': '…1234' });
    await upload();
    await eventually(async () => hook.requests.length === 1);
    expect(hook.requests[0]!.headers).toMatchObject({
      authorization: secret,
      'x-tenant': 'acme',
      'x-extra': 'x-extra-value-1234',
    });

    // A mask that matches nothing stored would be saved as the credential: refused instead.
    const wrong = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${ep.id}`, {
      headers: { Authorization: '…beef' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/headers\.Authorization is a masked value/);
    // A new real value replaces the old one; a header left out is removed.
    const replaced = await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${ep.id}`, {
      headers: { Authorization: 'Bearer rotated-token-9876' },
    });
    expect(replaced.body.headers).toEqual({ Authorization: '…9876' });
  });

  it('validates endpoint fields with messages that say what to fix', async () => {
    const bad = async (fields: Record<string, unknown>, pattern: RegExp) => {
      const r = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', fields);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(pattern);
    };
    await bad({}, /url/);
    await bad({ url: 'ftp://example.com/x' }, /http/i);
    await bad({ url: 'http://127.0.0.1:1/x', retry_policy: 'sometimes' }, /retry_policy/);
    await bad({ url: 'http://127.0.0.1:1/x', timeout_ms: 60_000 }, /timeout_ms/);
    await bad({ url: 'http://127.0.0.1:1/x', headers: { 'x-body-signature': 'forged' } }, /x-body-signature/);
    await bad({ url: 'http://127.0.0.1:1/x', secret: 'not-a-key' }, /whsec_/);
    // A misspelt event or one no product emits would make a subscription that never fires.
    await bad(
      { url: 'http://127.0.0.1:1/x', events: ['record.complted'] },
      /"record\.complted", which no product emits: use any of (\S+, )*record\.completed, record\.failed/,
    );
    await bad(
      { url: 'http://127.0.0.1:1/x', product: 'invoices' },
      /product "invoices" is not one of Docket's/,
    );
  });

  it("an endpoint bound to a product gets none of another product's events", async () => {
    const app = await t.docket.credentials.createApplication('bound');
    const labHook = await receiver();
    const anyHook = await receiver();
    const lab = await endpoint(labHook.url, { product: 'lab_reports' }, app.api_key);
    await endpoint(anyHook.url, {}, app.api_key);
    expect((await api(t.url, app.api_key, 'GET', `/v1/endpoints/${lab.id}`)).body).toMatchObject({
      product: 'lab_reports',
      resource_id: null,
      events: [],
    });
    const textId = await upload('text', pdf, app.api_key);
    const report = (await makeLabReportPdf(US_TABLE_REPORT)).toString('base64');
    const labId = (await api(t.url, app.api_key, 'POST', '/lab_reports', { body: report })).body.lab_report
      .record_id;
    await eventually(async () => anyHook.requests.length >= 2);
    await eventually(async () => labHook.requests.length >= 1);
    expect(labHook.requests.map((r) => JSON.parse(r.body).record_id)).toEqual([labId]);
    expect(
      anyHook.requests.map((r) => JSON.parse(r.body).record_id ?? JSON.parse(r.body).data.id).sort(),
    ).toEqual([labId, textId].sort());
  });
});

describe('pre-signed file links', () => {
  it('serve the file without an API key, and refuse a changed or expired link with 403', async () => {
    const blobs = t.docket.blobs;
    await blobs.put('uploads/links/letter', Buffer.from('%PDF-1.4 the letter'));
    const url = await blobs.presignedUrl('uploads/links/letter', 3600, {
      filename: 'Überweisung.pdf',
      contentType: 'application/pdf',
    });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toContain("filename*=UTF-8''%C3%9Cberweisung.pdf");
    expect(await ok.text()).toBe('%PDF-1.4 the letter');
    // On S3 the object store serves and checks its own links (the contract suite covers them).
    if (testAdapterSet() === 'scale-out') return;
    expect(url.startsWith(`${t.url}/v1/files/`)).toBe(true);

    // A character in the middle of the signature: the last one's low bits may not be decoded at all.
    const at = url.length - 20;
    const tampered = await fetch(`${url.slice(0, at)}${url[at] === 'A' ? 'B' : 'A'}${url.slice(at + 1)}`);
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as any).error).toMatchObject({ code: 'invalid_signature' });
    const expired = await fetch(await blobs.presignedUrl('uploads/links/letter', -1));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.message).toMatch(/expired/);
  });
});

describe('SSRF guard at endpoint creation', () => {
  let guarded: TestDocket;
  beforeAll(async () => {
    guarded = await startTestDocket();
  });
  afterAll(() => guarded.stop({ remove: true }));

  const refused = [
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://0.0.0.0/hook',
    'http://10.0.0.8/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://[fe80::1]/hook',
    'http://[fc00::1]/hook',
    'http://[64:ff9b::a00:1]/hook',
    'http://[2002:7f00:1::]/hook',
    'http://localhost:8080/hook',
    'http://224.0.0.1/hook',
    'http://255.255.255.255/hook',
  ];
  it.each(refused)('refuses %s with 400 and a clear message', async (url) => {
    const r = await api(guarded.url, guarded.apiKey, 'POST', '/v1/endpoints', { url });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('webhook_target_refused');
    expect(r.body.error.message).toMatch(/DOCKET_WEBHOOK_ALLOW|not|refus/i);
  });

  it("suggests the refused address's own entry for DOCKET_WEBHOOK_ALLOW, one that covers it", async () => {
    const r = await api(guarded.url, guarded.apiKey, 'POST', '/v1/endpoints', {
      url: 'http://10.0.0.1/hook',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/allow it with DOCKET_WEBHOOK_ALLOW=10\.0\.0\.1\/32$/);
  });
});
