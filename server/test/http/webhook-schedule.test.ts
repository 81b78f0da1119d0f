/**
 * Retry schedules with a clock the test moves: a dead receiver gets exactly the policy's attempts
 * and then lands in the failure queue, without waiting real minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.ts';
import { makeLabReportPdf, US_TABLE_REPORT } from '../fixtures/lab-reports/generate.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { testAdapterSet } from '../support/postgres.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

const clock = manualClock(new Date());

// These tests move Docket's clock by hand. pg-boss decides when a delayed job is due by the
// database's own clock, which a test cannot move, so on the scale-out set they run only where
// the schedule itself is not in question (see docs/scale-out.md).
const movesTime = testAdapterSet() === 'embedded';
let t: TestDocket;
let dead: Receiver;

beforeAll(async () => {
  t = await startTestDocket({ clock, env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  dead = await startReceiver(() => 500);
});
afterAll(async () => {
  await dead.close();
  await t.stop({ remove: true });
});

/** Lets every due attempt run, moving the clock past each scheduled retry, until the delivery ends. */
async function driveToEnd(deliveryOf: () => Promise<any>): Promise<any> {
  for (let round = 0; round < 40; round++) {
    const delivery = await eventually(async () => {
      const d = await deliveryOf();
      return d && (d.status !== 'pending' || d.attempts > 0) ? d : null;
    });
    if (delivery.status !== 'pending') return delivery;
    const attemptsSoFar = delivery.attempts;
    clock.set(new Date(delivery.next_attempt_at));
    t.docket.worker!.wake();
    await eventually(async () => {
      const d = await deliveryOf();
      return d.attempts > attemptsSoFar || d.status !== 'pending';
    });
  }
  throw new Error('delivery never finished');
}

describe.runIf(movesTime)('retry schedules', () => {
  it('a lab report to a dead receiver gets 1 + 5 attempts with exponential backoff, then is failed', async () => {
    const endpoint = (await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: dead.url })).body;
    const report = (await makeLabReportPdf(US_TABLE_REPORT)).toString('base64');
    await api(t.url, t.apiKey, 'POST', '/lab_reports', { body: report });
    const list = async () =>
      (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpoint.id}`)).body.data[0];
    const finished = await driveToEnd(list);
    expect(finished.status).toBe('failed');
    expect(finished.attempts).toBe(6);
    expect(dead.requests).toHaveLength(6);
    const ids = new Set(dead.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);

    const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${finished.id}/attempts`)).body.data;
    const gaps = attempts
      .slice(1)
      .map((a: any, i: number) => Date.parse(a.started_at) - Date.parse(attempts[i].started_at));
    // 30 s doubling, each within ±20 % jitter.
    gaps.forEach((gap: number, i: number) => {
      const nominal = 30_000 * 2 ** i;
      expect(gap).toBeGreaterThanOrEqual(nominal * 0.8 - 1);
      expect(gap).toBeLessThanOrEqual(nominal * 1.2 + 1);
    });
    const failedQueue = (await api(t.url, t.apiKey, 'GET', '/v1/deliveries?status=failed')).body.data;
    expect(failedQueue.map((d: any) => d.id)).toContain(finished.id);
  });

  it('the documents preset waits exactly 5 s, 10 s, 20 s', async () => {
    const endpoint = (
      await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: dead.url, retry_policy: 'documents' })
    ).body;
    const before = dead.requests.length;
    await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'text',
      body: (await textPdf(['doc'])).toString('base64'),
    });
    const list = async () =>
      (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpoint.id}`)).body.data[0];
    const finished = await driveToEnd(list);
    expect(finished.attempts).toBe(4);
    expect(dead.requests.length - before).toBeGreaterThanOrEqual(4);
    const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${finished.id}/attempts`)).body.data;
    const gaps = attempts
      .slice(1)
      .map((a: any, i: number) => Date.parse(a.started_at) - Date.parse(attempts[i].started_at));
    expect(gaps).toEqual([5000, 10_000, 20_000]);
  });
});

describe.runIf(movesTime)('endpoint health over time', () => {
  it('disables an endpoint whose every delivery failed for 5 days, and says so', async () => {
    const endpoint = (
      await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: dead.url, retry_policy: { delays_ms: [] } })
    ).body;
    const body = (await textPdf(['five days'])).toString('base64');
    const failedDeliveries = async () =>
      (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpoint.id}&status=failed`)).body.data
        .length;
    await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    await eventually(async () => (await failedDeliveries()) === 1);
    clock.advance(3 * 24 * 3600_000);
    await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    await eventually(async () => (await failedDeliveries()) === 2);
    expect((await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${endpoint.id}`)).body.active).toBe(true);
    clock.advance(2 * 24 * 3600_000 + 1000);
    await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    const disabled = await eventually(async () => {
      const e = (await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${endpoint.id}`)).body;
      return e.active ? null : e;
    });
    expect(disabled.disabled_reason).toMatch(/5 days/);
    expect(disabled.failing_since).not.toBeNull();
  });

  it('waits as long as Retry-After asks, within the policy bounds', async () => {
    const busy = await startReceiver((n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '40' } } : 200,
    );
    try {
      const endpoint = (
        await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
          url: busy.url,
          retry_policy: { delays_ms: [10_000, 60_000] },
        })
      ).body;
      await api(t.url, t.apiKey, 'POST', '/v1/records', {
        kind: 'text',
        body: (await textPdf(['busy'])).toString('base64'),
      });
      const delivery = await eventually(async () => {
        const d = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpoint.id}`)).body
          .data[0];
        return d?.attempts === 1 ? d : null;
      });
      const attempts = (await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${delivery.id}/attempts`)).body
        .data;
      expect(Date.parse(delivery.next_attempt_at) - Date.parse(attempts[0].started_at)).toBe(40_000);
    } finally {
      await busy.close();
    }
  });
});
