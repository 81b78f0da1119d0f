/**
 * Seed 002's retention with a clock the test moves: a job's results are kept for
 * DOCKET_JOB_RESULT_TTL after it finished, then deleted, and asking for them answers 410 "expired".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.ts';
import { ACME_TEMPLATE, acmeInvoice, invoicePdf } from '../fixtures/templates/invoices.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { testAdapterSet } from '../support/postgres.ts';

const clock = manualClock(new Date());
// pg-boss decides when a delayed task is due by the database's clock, which a test cannot move.
const movesTime = testAdapterSet() === 'embedded';
let t: TestDocket;

beforeAll(async () => {
  t = await startTestDocket({ clock, env: { DOCKET_JOB_RESULT_TTL: '1h' } });
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe.runIf(movesTime)('job result retention', () => {
  it('keeps results for the configured time after the job finished, then answers 410 expired', async () => {
    const templateId = (await api(t.url, t.apiKey, 'POST', '/v1/templates', ACME_TEMPLATE)).body.id;
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: templateId,
      actual_image: (await invoicePdf(acmeInvoice(7))).toString('base64'),
    });
    const jobId = accepted.body.job_id;
    await eventually(
      async () =>
        (await api(t.url, t.apiKey, 'GET', `/job-status?job_id=${jobId}`)).body.status === 'SUCCESS',
    );

    clock.advance(59 * 60_000);
    const kept = await api(t.url, t.apiKey, 'POST', '/v1/job-results', { job_id: jobId });
    expect(kept.status).toBe(200);
    expect(kept.body.result).toMatchObject({ invoice_number: 'INV-0007' });
    const carried = await api(t.url, t.apiKey, 'GET', `/v1/events?record_id=${jobId}`);
    expect(carried.body.data.length).toBeGreaterThan(0);

    clock.advance(2 * 60_000);
    const expired = await api(t.url, t.apiKey, 'POST', '/v1/job-results', {
      job_id: jobId,
      result_format: 'csv',
    });
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({
      code: 'job_result_expired',
      details: { expired_at: expect.any(String) },
    });
    expect(expired.body.error.message).toMatch(/expired: they are kept 1 h after the job finished/);

    // The result itself is deleted by the retention task; the job and its credits stay.
    t.docket.worker!.wake();
    await eventually(async () => (await t.docket.store.records.getById(jobId))?.result === null);
    const job = await t.docket.store.records.getById(jobId);
    expect(job).toMatchObject({ status: 'completed', pages: 1 });
    expect((await api(t.url, t.apiKey, 'POST', '/v1/job-results', { job_id: jobId })).status).toBe(410);
    expect((await api(t.url, t.apiKey, 'GET', `/job-status?job_id=${jobId}`)).body.status).toBe('SUCCESS');
    // Nor can the result be read back from the event log that carried it to the webhook.
    const events = await api(t.url, t.apiKey, 'GET', `/v1/events?record_id=${jobId}`);
    expect(events.status).toBe(200);
    expect(events.body.data).toEqual([]);
  });
});
