/**
 * Seed 002's job API through the real server, with invoices the test renders: `POST /process-job`
 * (JSON and multipart), the webhook with the template's custom headers, `GET /job-status`'s
 * strings, `POST /v1/job-results` as JSON and CSV, credits and the credit limit, and the refusals.
 */
import { createHmac } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASKS } from '../../src/core/tasks.ts';
import { ACME_TEMPLATE, acmeInvoice, GLOBEX_TEMPLATE, invoicePdf } from '../fixtures/templates/invoices.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { corruptPdf, tinyPng } from '../support/pdfs.ts';
import { type Receiver, type Script, startReceiver } from '../support/receiver.ts';

let t: TestDocket;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
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

async function template(definition: object, fields: Record<string, unknown> = {}, key = t.apiKey) {
  const created = await api(t.url, key, 'POST', '/v1/templates', { ...definition, ...fields });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function status(jobId: string, key = t.apiKey) {
  return (await api(t.url, key, 'GET', `/job-status?job_id=${jobId}`)).body;
}

async function statusBecomes(jobId: string, expected: string, key = t.apiKey) {
  return eventually(async () => {
    const body = await status(jobId, key);
    return body.status === expected ? body : null;
  });
}

describe('POST /process-job', () => {
  it("reads a PDF sent as base64 JSON and POSTs seed 002's payload to the template's webhook", async () => {
    const hook = await receiver();
    const templateId = await template(ACME_TEMPLATE, {
      webhook_url: hook.url,
      webhook_headers: { 'X-Receiver-Auth': 'token-abc-123456' },
    });
    const pdf = await invoicePdf(acmeInvoice(1));
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: templateId,
      actual_image: pdf.toString('base64'),
      static_values: { company_name: 'Acme Corp' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({
      job_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      template_id: templateId,
      static_values: { company_name: 'Acme Corp' },
    });
    const jobId = accepted.body.job_id;

    await eventually(() => Promise.resolve(hook.requests.length > 0));
    const request = hook.requests[0]!;
    const payload = JSON.parse(request.body);
    expect(payload).toEqual({
      job_id: jobId,
      template_id: templateId,
      static_values: { company_name: 'Acme Corp' },
      result: {
        invoice_number: 'INV-0001',
        date: '2026-01-15',
        total: 16.5,
        company_name: 'Acme Corp',
        lines: [
          { description: 'Widget, large "XL"', qty: 2, amount: 10 },
          { description: 'Gadget', qty: 1, amount: 6.5 },
        ],
      },
    });
    // The template's custom header, and Docket's two signatures.
    expect(request.headers['x-receiver-auth']).toBe('token-abc-123456');
    const signature = createHmac('sha256', Buffer.from(t.signingKey)).update(request.raw).digest('hex');
    expect(request.headers['x-body-signature']).toBe(signature);
    expect(() =>
      new Webhook(t.signingKey).verify(request.body, request.headers as Record<string, string>),
    ).not.toThrow();

    expect(await statusBecomes(jobId, 'SUCCESS')).toMatchObject({ job_id: jobId, template_id: templateId });

    // Delivered: the upload's deletion is enqueued (or already done, once the purge task runs).
    await eventually(async () => {
      const purges = await t.docket.queue.claim([TASKS.purgeFile], 50, 60_000);
      const mine = purges.find((task) => task.payload.record_id === jobId);
      for (const task of purges) await t.docket.queue.release(task);
      const record = await t.docket.store.records.getById(jobId);
      return (mine && mine.payload.reason === 'delivered') || record?.blobKey === null;
    });

    const json = await api(t.url, t.apiKey, 'POST', '/v1/job-results', {
      job_id: jobId,
      result_format: 'json',
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      job_id: jobId,
      status: 'SUCCESS',
      pages: 1,
      result: payload.result,
      expires_at: expect.any(String),
    });

    const csv = await api(t.url, t.apiKey, 'POST', '/v1/job-results', {
      job_id: jobId,
      result_format: 'csv',
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('"Widget, large ""XL"""');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        job_id: jobId,
        file_name: '',
        'static_values.company_name': 'Acme Corp',
        invoice_number: 'INV-0001',
        date: '2026-01-15',
        total: '16.5',
        company_name: 'Acme Corp',
        'lines.description': 'Widget, large "XL"',
        'lines.qty': '2',
        'lines.amount': '10',
      },
      expect.objectContaining({
        invoice_number: 'INV-0001',
        'lines.description': 'Gadget',
        'lines.amount': '6.5',
      }),
    ]);
  });

  it('takes the same fields as multipart form data', async () => {
    const hook = await receiver();
    const templateId = await template(ACME_TEMPLATE, { webhook_url: hook.url });
    const form = new FormData();
    form.set('template_id', templateId);
    form.set(
      'actual_image',
      new Blob([await invoicePdf(acmeInvoice(2))], { type: 'application/pdf' }),
      'inv-2.pdf',
    );
    form.set('static_values', JSON.stringify({ company_name: 'Acme Corp' }));
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', form);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      template_id: templateId,
      static_values: { company_name: 'Acme Corp' },
    });
    await eventually(() => Promise.resolve(hook.requests.length > 0));
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({
      job_id: accepted.body.job_id,
      file_name: 'inv-2.pdf',
      result: { invoice_number: 'INV-0002' },
    });
  });

  it('picks the template by its keywords when the job names none', async () => {
    const app = await t.docket.credentials.createApplication('keywords');
    const hook = await receiver();
    await template(GLOBEX_TEMPLATE, { webhook_url: hook.url }, app.api_key);
    const acme = await template(ACME_TEMPLATE, { webhook_url: hook.url }, app.api_key);
    const accepted = await api(t.url, app.api_key, 'POST', '/process-job', {
      actual_image: (await invoicePdf(acmeInvoice(3))).toString('base64'),
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ template_id: null, static_values: {} });
    await eventually(() => Promise.resolve(hook.requests.length > 0));
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({
      template_id: acme,
      result: { invoice_number: 'INV-0003' },
    });
    expect(await statusBecomes(accepted.body.job_id, 'SUCCESS', app.api_key)).toMatchObject({
      template_id: acme,
    });
  });

  it('answers with clear refusals', async () => {
    const templateId = await template(GLOBEX_TEMPLATE);
    const pdf = (await invoicePdf(acmeInvoice(4))).toString('base64');
    const cases: [unknown, number, string, RegExp][] = [
      [
        { template_id: '550e8400-e29b-41d4-a716-446655440000', actual_image: pdf },
        404,
        'template_not_found',
        /no template with id 550e8400/,
      ],
      [
        { template_id: templateId, actual_image: Buffer.from('just some words').toString('base64') },
        415,
        'unsupported_file_type',
        /accepts application\/pdf/,
      ],
      [{ template_id: templateId }, 400, 'invalid_request', /missing required field: actual_image/],
      [
        { template_id: templateId, actual_image: '***' },
        400,
        'invalid_base64',
        /actual_image is not valid base64/,
      ],
      [{ template_id: templateId, actual_image: '' }, 400, 'empty_file', /empty/],
      [
        { template_id: templateId, actual_image: pdf, static_values: 'Acme' },
        400,
        'invalid_request',
        /static_values/,
      ],
    ];
    for (const [body, code, errorCode, message] of cases) {
      const answer = await api(t.url, t.apiKey, 'POST', '/process-job', body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(code);
      expect(answer.body.error.code).toBe(errorCode);
      expect(answer.body.error.message).toMatch(message);
    }
    const form = new FormData();
    form.set('template_id', templateId);
    form.set('static_values', '{not json');
    form.set('actual_image', new Blob([tinyPng]), 'x.png');
    const badForm = await api(t.url, t.apiKey, 'POST', '/process-job', form);
    expect(badForm.status).toBe(400);
    expect(badForm.body.error).toMatchObject({ code: 'invalid_static_values' });

    expect(
      (await api(t.url, null, 'POST', '/process-job', { template_id: templateId, actual_image: pdf })).status,
    ).toBe(401);
    const unknownJob = await api(t.url, t.apiKey, 'GET', '/job-status?job_id=nope');
    expect(unknownJob.status).toBe(404);
    expect(unknownJob.body.error).toMatchObject({ code: 'job_not_found' });
    expect((await api(t.url, t.apiKey, 'GET', '/job-status')).status).toBe(400);
    const xml = await api(t.url, t.apiKey, 'POST', '/v1/job-results', { job_id: 'x', result_format: 'xml' });
    expect(xml.status).toBe(400);
    expect(xml.body.error.message).toContain('result_format');
    // Another application's job is not found.
    const other = await t.docket.credentials.createApplication('stranger');
    const mine = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: templateId,
      actual_image: pdf,
    });
    expect((await api(t.url, other.api_key, 'GET', `/job-status?job_id=${mine.body.job_id}`)).status).toBe(
      404,
    );
  });
});

describe('job status and failures', () => {
  it('says PROCESS IMAGE SUCCESS while the webhook is retried, FAILED once it never arrived', async () => {
    const dead = await receiver(() => 500);
    const templateId = await template(ACME_TEMPLATE, { webhook_url: dead.url });
    const [endpoint] = await t.docket.store.endpoints.boundTo(t.applicationId, 'templates', templateId);
    // Retries of one second, so the delivery gives up within the test.
    expect(
      (
        await api(t.url, t.apiKey, 'PATCH', `/v1/endpoints/${endpoint!.id}`, {
          retry_policy: { delays_ms: [1000] },
        })
      ).status,
    ).toBe(200);
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: templateId,
      actual_image: (await invoicePdf(acmeInvoice(5))).toString('base64'),
    });
    const jobId = accepted.body.job_id;
    await eventually(() => Promise.resolve(dead.requests.length >= 1));
    expect(['PROCESS IMAGE SUCCESS', 'FAILED']).toContain((await status(jobId)).status);
    await statusBecomes(jobId, 'FAILED');
    expect(dead.requests.length).toBe(2);
    // The results are still there to fetch, and the file was not deleted (nothing was delivered).
    const json = await api(t.url, t.apiKey, 'POST', '/v1/job-results', { job_id: jobId });
    expect(json.body).toMatchObject({ status: 'FAILED', result: { invoice_number: 'INV-0005' } });
    expect((await t.docket.store.records.getById(jobId))?.blobKey).not.toBeNull();
  });

  it('reports an unreadable file: its failure webhook, then FAILED', async () => {
    const hook = await receiver();
    const templateId = await template(ACME_TEMPLATE, { webhook_url: hook.url });
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: templateId,
      actual_image: corruptPdf().toString('base64'),
    });
    expect(accepted.status).toBe(202);
    const failed = await statusBecomes(accepted.body.job_id, 'FAILED');
    expect(failed.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    await eventually(() => Promise.resolve(hook.requests.length > 0));
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({
      job_id: accepted.body.job_id,
      template_id: templateId,
      result: null,
      error: { code: failed.error.code },
    });
    const csv = await api(t.url, t.apiKey, 'POST', '/v1/job-results', {
      job_id: accepted.body.job_id,
      result_format: 'csv',
    });
    expect(csv.status).toBe(200);
    expect(csv.body.trim()).toBe('job_id,file_name');
  });
});

describe('credits', () => {
  it('costs one credit per page, recorded per job and summed per day; a credit limit answers 402', async () => {
    const app = await t.docket.credentials.createApplication('credits');
    const templateId = await template(ACME_TEMPLATE, {}, app.api_key);
    const submit = async (extraPages: number) =>
      api(t.url, app.api_key, 'POST', '/process-job', {
        template_id: templateId,
        actual_image: (await invoicePdf(acmeInvoice(6, extraPages))).toString('base64'),
      });
    const three = await submit(2);
    expect(three.status).toBe(202);
    await statusBecomes(three.body.job_id, 'SUCCESS', app.api_key);
    const results = await api(t.url, app.api_key, 'POST', '/v1/job-results', { job_id: three.body.job_id });
    expect(results.body.pages).toBe(3);

    const usage = await api(t.url, app.api_key, 'GET', '/v1/usage');
    expect(usage.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(usage.body).toEqual({
      credits_used: 3,
      credit_limit: null,
      credits_remaining: null,
      days: [{ date: today, credits: 3, jobs: 1 }],
    });

    const limit = await api(t.url, app.api_key, 'PUT', '/v1/usage/credit-limit', { credit_limit: 4 });
    expect(limit.status).toBe(200);
    const one = await submit(0);
    expect(one.status).toBe(202);
    await statusBecomes(one.body.job_id, 'SUCCESS', app.api_key);
    const refused = await submit(0);
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'credits_exhausted',
      details: { credits_used: 4, credit_limit: 4 },
    });
    expect(refused.body.error.message).toMatch(/used 4 of its 4 credits/);
    expect((await api(t.url, app.api_key, 'GET', '/v1/usage')).body).toMatchObject({
      credits_used: 4,
      credit_limit: 4,
      credits_remaining: 0,
    });
    // Another application's usage is its own.
    expect((await api(t.url, t.apiKey, 'GET', '/v1/usage')).body.credit_limit).toBeNull();

    await api(t.url, app.api_key, 'PUT', '/v1/usage/credit-limit', { credit_limit: null });
    expect((await submit(0)).status).toBe(202);
    const bad = await api(t.url, app.api_key, 'PUT', '/v1/usage/credit-limit', { credit_limit: -1 });
    expect(bad.status).toBe(400);
    const badDay = await api(t.url, app.api_key, 'GET', '/v1/usage?from=yesterday');
    expect(badDay.status).toBe(400);
  });
});
