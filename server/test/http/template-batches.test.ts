/**
 * Seed 002's ZIP batches through the real server, with archives the test builds: every root file
 * becomes its own job with its own webhook; files in folders and unsafe names are refused and
 * reported; hostile archives (bomb, 10 000 entries, empty, not a ZIP) end UNZIP FILE FAILED.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeInvoice, invoicePdf } from '../fixtures/templates/invoices.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { buildZip } from '../support/zip.ts';

/** ACME's invoice fields without line items: one CSV row per invoice. */
const TOTALS_TEMPLATE = {
  name: 'ACME totals',
  keywords: ['ACME Supplies'],
  fields: {
    invoice_number: { rules: [{ regex: 'Invoice number:\\s*(\\S+)' }], required: true },
    total: { type: 'money', rules: [{ regex: 'Total:\\s*([\\d.,]+)' }] },
  },
};

let t: TestDocket;
let hook: Receiver;
let templateId: string;

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32', DOCKET_ANALYSER_THREADS: '2' } });
  hook = await startReceiver();
  const created = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
    ...TOTALS_TEMPLATE,
    webhook_url: hook.url,
  });
  templateId = created.body.id;
});
afterAll(async () => {
  await hook.close();
  await t.stop({ remove: true });
});

async function submitZip(zip: Buffer) {
  const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
    template_id: templateId,
    actual_image: zip.toString('base64'),
    static_values: { batch: 'b1' },
  });
  expect(accepted.status).toBe(202);
  return accepted.body.job_id as string;
}

async function finalStatus(jobId: string) {
  return eventually(async () => {
    const body = (await api(t.url, t.apiKey, 'GET', `/job-status?job_id=${jobId}`)).body;
    return ['UNZIP FILE SUCCESS', 'UNZIP FILE FAILED'].includes(body.status) ? body : null;
  });
}

const webhooksOf = (batchJobId: string) =>
  hook.requests.map((r) => JSON.parse(r.body)).filter((payload) => payload.batch_job_id === batchJobId);

describe('ZIP batches', () => {
  it('a ZIP of 50 PDFs makes 50 jobs: 50 webhooks, 50 SUCCESS statuses, 50 CSV rows', async () => {
    const pdfs = await Promise.all(Array.from({ length: 50 }, (_, i) => invoicePdf(acmeInvoice(i + 1))));
    const zip = buildZip(pdfs.map((data, i) => ({ name: `invoice-${i + 1}.pdf`, data })));
    const batchId = await submitZip(zip);

    const batch = await finalStatus(batchId);
    expect(batch).toMatchObject({
      job_id: batchId,
      template_id: templateId,
      status: 'UNZIP FILE SUCCESS',
      refused: [],
    });
    expect(batch.files).toHaveLength(50);
    expect(batch.files[0]).toEqual({ file_name: 'invoice-1.pdf', job_id: expect.any(String) });

    await eventually(() => Promise.resolve(webhooksOf(batchId).length === 50), 60_000);
    const payloads = webhooksOf(batchId);
    expect(new Set(payloads.map((p) => p.job_id)).size).toBe(50);
    const first = payloads.find((p) => p.file_name === 'invoice-1.pdf');
    expect(first).toEqual({
      job_id: batch.files[0].job_id,
      template_id: templateId,
      static_values: { batch: 'b1' },
      file_name: 'invoice-1.pdf',
      batch_job_id: batchId,
      result: { invoice_number: 'INV-0001', total: 16.5, batch: 'b1' },
    });

    const statuses = await eventually(async () => {
      const all = await Promise.all(
        batch.files.map(
          async (f: { job_id: string }) =>
            (await api(t.url, t.apiKey, 'GET', `/job-status?job_id=${f.job_id}`)).body.status,
        ),
      );
      return all.every((s) => s === 'SUCCESS') ? all : null;
    });
    expect(statuses).toHaveLength(50);

    const csv = await api(t.url, t.apiKey, 'POST', '/v1/job-results', {
      job_id: batchId,
      result_format: 'csv',
    });
    expect(csv.status).toBe(200);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(50);
    expect(rows.map((r) => r.file_name)).toEqual(
      Array.from({ length: 50 }, (_, i) => `invoice-${i + 1}.pdf`),
    );
    expect(rows[9]).toMatchObject({ invoice_number: 'INV-0010', total: '25.5', 'static_values.batch': 'b1' });

    const json = await api(t.url, t.apiKey, 'POST', '/v1/job-results', { job_id: batchId });
    expect(json.body.status).toBe('UNZIP FILE SUCCESS');
    expect(json.body.files).toHaveLength(50);
    expect(json.body.files[0]).toMatchObject({ status: 'SUCCESS', result: { invoice_number: 'INV-0001' } });
  });

  it('refuses files in folders and unsafe names, reporting each, and processes the root files', async () => {
    const pdf = await invoicePdf(acmeInvoice(60));
    const zip = buildZip([
      { name: 'root.pdf', data: pdf },
      { name: 'docs/' },
      { name: 'docs/nested.pdf', data: pdf },
      { name: 'docs/deeper/more.pdf', data: pdf },
      { name: '../escape.pdf', data: pdf },
      { name: 'notes.txt', data: 'plain words, not a document' },
    ]);
    const batchId = await submitZip(zip);
    const batch = await finalStatus(batchId);
    expect(batch.status).toBe('UNZIP FILE SUCCESS');
    expect(batch.files.map((f: any) => f.file_name)).toEqual(['root.pdf']);
    const refused = Object.fromEntries(batch.refused.map((r: any) => [r.file_name, r.reason]));
    expect(refused['docs/nested.pdf']).toMatch(/in a folder/);
    expect(refused['docs/deeper/more.pdf']).toMatch(/in a folder/);
    expect(refused['../escape.pdf']).toMatch(/unsafe name/);
    expect(refused['notes.txt']).toMatch(/not a file type Docket recognises/);
    await eventually(() => Promise.resolve(webhooksOf(batchId).length === 1));
    expect(webhooksOf(batchId)[0]).toMatchObject({
      file_name: 'root.pdf',
      result: { invoice_number: 'INV-0060' },
    });
  });

  it.each([
    [
      'a decompression bomb',
      () => buildZip([{ name: 'bomb.pdf', data: Buffer.alloc(20_000_000) }]),
      'zip_bomb',
    ],
    [
      'ten thousand entries',
      () => buildZip(Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}.pdf`, data: `n${i}` }))),
      'zip_too_many_entries',
    ],
    ['an empty ZIP', () => buildZip([]), 'zip_empty'],
    ['only folders', () => buildZip([{ name: 'a/' }, { name: 'a/b.pdf', data: '%PDF-1.4' }]), 'zip_empty'],
    [
      'a ZIP header over garbage',
      () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(400, 7)]),
      'zip_invalid',
    ],
  ])('%s ends UNZIP FILE FAILED with a reason, and its webhook says so', async (_name, build, code) => {
    const batchId = await submitZip(build());
    const batch = await finalStatus(batchId);
    expect(batch.status).toBe('UNZIP FILE FAILED');
    expect(batch.error).toMatchObject({ code, message: expect.any(String) });
    await eventually(() => Promise.resolve(hook.requests.some((r) => JSON.parse(r.body).job_id === batchId)));
    const payload = hook.requests.map((r) => JSON.parse(r.body)).find((p) => p.job_id === batchId);
    expect(payload).toMatchObject({ job_id: batchId, result: null, error: { code } });
  });
});
