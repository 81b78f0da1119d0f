/**
 * The SDK's seed 002 wrappers against a real Docket: a template made through the SDK, a job
 * submitted with it (`submit(file, { template })` → `POST /process-job`), its status, and its
 * results as JSON and CSV; a typed error for an unknown template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeInvoice, invoicePdf } from '../../server/test/fixtures/templates/invoices.ts';
import { Docket, DocketApiError } from '../src/index.ts';
import { startTestDocket, type TestDocket } from './support.ts';

let t: TestDocket;
let docket: Docket;

beforeAll(async () => {
  t = await startTestDocket();
  docket = new Docket({ baseUrl: t.url, apiKey: t.apiKey });
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe('templates and jobs through the SDK', () => {
  it('creates a template, submits an invoice with it and reads the results as JSON and CSV', async () => {
    const template = await docket.templates.create({
      name: 'ACME totals',
      keywords: ['ACME Supplies'],
      fields: {
        invoice_number: { rules: [{ regex: 'Invoice number:\\s*(\\S+)' }], required: true },
        total: { type: 'money', rules: [{ regex: 'Total:\\s*([\\d.,]+)' }] },
      },
    });
    expect((await docket.templates.get(template.id)).name).toBe('ACME totals');
    expect((await docket.templates.list().toArray()).map((x) => x.id)).toContain(template.id);

    const pdf = await invoicePdf(acmeInvoice(3));
    const job = await docket.submit(pdf, { template: template.id, filename: 'inv-3.pdf' });
    let status = await docket.jobs.status(job.id);
    for (let i = 0; i < 300 && !['SUCCESS', 'FAILED'].includes(status.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await docket.jobs.status(job.id);
    }
    expect(status.status).toBe('SUCCESS');

    const json = await docket.jobs.results(job.id);
    expect(JSON.stringify(json)).toContain('INV-0003');
    const csv = await docket.jobs.results(job.id, 'csv');
    const [header, row] = csv.trim().split('\n');
    expect(header).toContain('invoice_number');
    expect(row).toContain('INV-0003');

    await docket.templates.delete(template.id);
    const missing = await docket.templates.get(template.id).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DocketApiError);
    expect(missing).toMatchObject({ status: 404, code: 'template_not_found' });
  });
});
