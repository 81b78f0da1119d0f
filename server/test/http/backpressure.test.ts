/**
 * Issue 17, item 3: the backlog shows in /readyz and /metrics, and past a queue cap uploads are
 * refused (429 per application, 503 for the instance) with Retry-After, before anything is stored.
 * The API runs without a worker here, so what is accepted stays queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
let body: string;

beforeAll(async () => {
  t = await startTestDocket({
    role: 'api',
    env: {
      DOCKET_QUEUE_CAP_PER_APPLICATION: '3',
      DOCKET_QUEUE_CAP: '6',
      DOCKET_QUEUE_RETRY_AFTER_SECONDS: '7',
    },
  });
  body = (await textPdf(['waiting'])).toString('base64');
});
afterAll(() => t.stop({ remove: true }));

const upload = (key: string) => api(t.url, key, 'POST', '/v1/records', { kind: 'text', body });
const count = async (key: string) => (await api(t.url, key, 'GET', '/v1/records?limit=200')).body.data.length;

describe('queue caps and the backlog', () => {
  it('429 with Retry-After past the application cap, nothing stored; other applications unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await upload(t.apiKey)).status).toBe(202);
    const refused = await upload(t.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body.error.code).toBe('application_queue_full');
    expect(refused.body.error.message).toContain('queue cap is 3');
    expect(refused.body.error.message).toContain('nothing was stored');
    expect(await count(t.apiKey)).toBe(3);

    const other = await t.docket.credentials.createApplication('other');
    expect((await upload(other.api_key)).status).toBe(202);
  });

  it('an application can lift its own cap; the instance cap still answers 503', async () => {
    const patched = await api(t.url, t.apiKey, 'PATCH', '/v1/application/settings', { queue_cap: 0 });
    expect(patched.status).toBe(200);
    expect(patched.body.own.queue_cap).toBe(0);
    expect(patched.body.effective.queue_cap).toBe(0);
    // 4 queued so far (3 + the other application's 1); the instance cap is 6.
    expect((await upload(t.apiKey)).status).toBe(202);
    expect((await upload(t.apiKey)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1100)); // the instance-wide count is cached for a second
    const refused = await upload(t.apiKey);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body.error.code).toBe('queue_full');
    expect(refused.body.error.message).toContain('DOCKET_QUEUE_CAP');
    expect(await count(t.apiKey)).toBe(5);

    const back = await api(t.url, t.apiKey, 'PATCH', '/v1/application/settings', { queue_cap: null });
    expect(back.body.own.queue_cap).toBeNull();
    expect(back.body.effective.queue_cap).toBe(3);
    const bad = await api(t.url, t.apiKey, 'PATCH', '/v1/application/settings', { queue_cap: -1 });
    expect(bad.status).toBe(400);
  });

  it('/readyz and /metrics report the queue depth and the oldest queued age', async () => {
    const ready = await api(t.url, null, 'GET', '/readyz');
    expect(ready.status).toBe(503); // at the instance cap: a load balancer should look elsewhere
    expect(ready.body.status).toBe('saturated');
    expect(ready.body.queue).toMatchObject({ depth: 6, queued: 6, processing: 0, cap: 6 });
    expect(ready.body.queue.oldest_queued_age_seconds).toBeGreaterThan(0);

    const metrics = await api<string>(t.url, null, 'GET', '/metrics');
    expect(metrics.body).toMatch(/docket_queue_depth\{status="queued"\} 6/);
    expect(metrics.body).toMatch(/docket_queue_depth\{status="processing"\} 0/);
    const age = /^docket_queue_oldest_age_seconds (\S+)$/m.exec(metrics.body);
    expect(Number(age?.[1])).toBeGreaterThan(0);
  });
});
