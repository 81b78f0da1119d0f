/**
 * Seed 003 over time, with a clock the test moves: a receiver answering 500 gets attempts 5 s,
 * 10 s and 20 s apart, each with a freshly signed pdf.url, then the failure queue, then a replay
 * delivers; a document confirmed imported gets no further attempts; tokens expire after 15 min,
 * links after an hour; manual synchronisation opens again after 30 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { accessToken, uploadDocument, validatedDocument, withToken } from '../support/documents.ts';
import { testAdapterSet } from '../support/postgres.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

const clock = manualClock(new Date());
// pg-boss decides when a delayed job is due by the database's clock (see webhook-schedule.test.ts).
const movesTime = testAdapterSet() === 'embedded';
let t: TestDocket;
let answer = 500;
let receiver: Receiver;

beforeAll(async () => {
  t = await startTestDocket({ clock, env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  receiver = await startReceiver(() => answer);
});
afterAll(async () => {
  await receiver.close();
  await t.stop({ remove: true });
});

const deliveryOf = async (endpointId: string) =>
  (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpointId}`)).body.data[0];

/** Moves the clock to the delivery's next attempt and waits for that attempt. */
async function nextAttempt(endpointId: string): Promise<any> {
  const current = await deliveryOf(endpointId);
  clock.set(new Date(current.next_attempt_at));
  t.docket.worker!.wake();
  return eventually(async () => {
    const d = await deliveryOf(endpointId);
    return d.attempts > current.attempts || d.status !== 'pending' ? d : null;
  });
}

describe.runIf(movesTime)('seed 003 over time', () => {
  it('500 three times: retries 5 s, 10 s, 20 s apart, then the failure queue; a replay delivers', async () => {
    answer = 500;
    const hook = (
      await api(t.url, t.apiKey, 'POST', '/webhooks', {
        url: receiver.url,
        events: ['new_document'],
        active: true,
      })
    ).body;
    await validatedDocument(t.url, t.apiKey, 71);
    const first = await eventually(async () => {
      const d = await deliveryOf(hook.id);
      return d?.attempts === 1 ? d : null;
    });
    expect(first.status).toBe('pending');
    let delivery = first;
    for (let retry = 0; retry < 3; retry++) delivery = await nextAttempt(hook.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBe(4);
    const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${delivery.id}/attempts`)).body.data;
    const gaps = attempts
      .slice(1)
      .map((a: any, i: number) => Date.parse(a.started_at) - Date.parse(attempts[i].started_at));
    expect(gaps).toEqual([5000, 10_000, 20_000]);
    const queue = (await api(t.url, t.apiKey, 'GET', '/v1/deliveries?status=failed')).body.data;
    expect(queue.map((d: any) => d.id)).toContain(delivery.id);

    // Every attempt carried its own link (signed when sent), under the same webhook-id.
    const bodies = receiver.requests.slice(-4);
    expect(new Set(bodies.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const urls = bodies.map((r) => JSON.parse(r.body).events[0].metadata.document.pdf.url);
    expect(new Set(urls).size).toBe(4);

    answer = 200;
    expect((await api(t.url, t.apiKey, 'POST', `/v1/deliveries/${delivery.id}/replay`)).status).toBe(202);
    const replayed = await eventually(async () => {
      const d = await deliveryOf(hook.id);
      return d.status === 'succeeded' ? d : null;
    });
    const log = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${replayed.id}/attempts`)).body.data;
    expect(log.map((a: any) => a.outcome).sort()).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'success',
    ]);
    const last = JSON.parse(receiver.requests.at(-1)!.body);
    expect(last.meta.webhook_id).toBe(hook.id);
    expect((await fetch(last.events[0].metadata.document.pdf.url)).status).toBe(200);
    await api(t.url, t.apiKey, 'DELETE', `/webhooks/${hook.id}`);
  });

  it('a document confirmed imported gets no further automatic attempts', async () => {
    answer = 500;
    const hook = (
      await api(t.url, t.apiKey, 'POST', '/webhooks', {
        url: receiver.url,
        events: ['new_document', 'document_synchronize'],
        active: true,
      })
    ).body;
    const id = await validatedDocument(t.url, t.apiKey, 72);
    await eventually(async () => (await deliveryOf(hook.id))?.attempts === 1);
    const sent = receiver.requests.length;
    // The practice system polled and imported it meanwhile.
    await api(t.url, t.apiKey, 'POST', `/documents/${id}/status`, { success: true });
    const stopped = await nextAttempt(hook.id);
    expect(stopped.status).toBe('cancelled');
    expect(receiver.requests.length).toBe(sent);
    // A professional's explicit synchronisation is still sent.
    answer = 200;
    clock.advance(31_000);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {})).status).toBe(202);
    await eventually(async () => receiver.requests.length > sent);
    expect(JSON.parse(receiver.requests.at(-1)!.body).events[0].action).toBe('document_synchronize');
    await api(t.url, t.apiKey, 'DELETE', `/webhooks/${hook.id}`);
  });

  it('manual synchronisation opens again 30 s after the last one', async () => {
    const id = await validatedDocument(t.url, t.apiKey, 73);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {})).status).toBe(202);
    clock.advance(20_000);
    const early = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {});
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('10');
    clock.advance(10_000);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {})).status).toBe(202);
  });

  it('access tokens expire after 15 minutes (401 token_expired)', async () => {
    const token = await accessToken(t.url, t.apiKey, ['read:documents']);
    expect((await withToken(t.url, token, 'GET', '/documents')).status).toBe(200);
    clock.advance(901_000);
    const expired = await withToken(t.url, token, 'GET', '/documents');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('token_expired');
    expect(expired.body.error.message).toContain('/oauth/token');
  });

  it('pdf links work for an hour, then answer 403 url_expired', async () => {
    const { id } = await uploadDocument(t.url, t.apiKey, 'consultation_note', 74);
    await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, {});
    const doc = (await api(t.url, t.apiKey, 'GET', `/documents/${id}`)).body;
    clock.advance(3_599_000);
    expect((await fetch(doc.pdf.url)).status).toBe(200);
    clock.advance(2_000);
    const expired = await fetch(doc.pdf.url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.code).toBe('url_expired');
  });
});
