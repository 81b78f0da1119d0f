/**
 * `POST /v1/templates/preview` through the real server: an unsaved template tried on an uploaded
 * sample shows its fields, line items and where each was printed; bad definitions and samples
 * are refused with what to fix; nothing is stored or charged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_TEMPLATE, acmeInvoice, invoicePdf } from '../fixtures/templates/invoices.ts';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';

let t: TestDocket;
let sampleId: string;

async function uploadSample(key: string, bytes: Buffer, filename: string): Promise<string> {
  const uploaded = await api(t.url, key, 'POST', '/v1/records', {
    kind: 'text',
    body: bytes.toString('base64'),
    filename,
  });
  expect(uploaded.status).toBe(202);
  return uploaded.body.id as string;
}

const preview = (definition: unknown, sample = sampleId, key = t.apiKey) =>
  api(t.url, key, 'POST', '/v1/templates/preview', { definition, sample_record_id: sample });

beforeAll(async () => {
  // Templates read at most 3 pages here; `text` records (the samples) keep the default.
  t = await startTestDocket({ env: { DOCKET_MAX_PAGES_TEMPLATE: '3' } });
  sampleId = await uploadSample(t.apiKey, await invoicePdf(acmeInvoice(7)), 'acme-7.pdf');
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe('POST /v1/templates/preview', () => {
  it('shows what an unsaved template extracts from the sample, and where, as the definition changes', async () => {
    const first = await preview(ACME_TEMPLATE);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      sample_record_id: sampleId,
      pages: 1,
      source: 'text',
      keywords_match: true,
      fields: { invoice_number: 'INV-0007', date: '2026-01-15', total: 22.5 },
      missing_required: [],
    });
    expect(first.body.line_items.lines).toEqual([
      { description: 'Widget, large "XL"', qty: 2, amount: 10 },
      { description: 'Gadget', qty: 1, amount: 12.5 },
    ]);
    const number = first.body.matches.find((m: any) => m.field === 'invoice_number');
    expect(number.page).toBe(0);
    // Printed near the top left of an A4 page (y 110 of 842 pt).
    expect(number.box.x0).toBeLessThan(0.2);
    expect(number.box.y0).toBeGreaterThan(0.1);
    expect(number.box.y1).toBeLessThan(0.2);
    expect(number.box.x1).toBeGreaterThan(number.box.x0);

    // The user edits a rule: the next preview follows it; a rule that finds nothing says so.
    const edited = await preview({
      ...ACME_TEMPLATE,
      keywords: ['Globex'],
      fields: {
        ...ACME_TEMPLATE.fields,
        invoice_number: {
          rules: [{ regex: 'Invoice number:\\s*INV-(\\d+)' }],
          type: 'number',
          required: true,
        },
        po_number: { rules: [{ regex: 'PO:\\s*(\\S+)' }], required: true },
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      keywords_match: false,
      fields: { invoice_number: 7, po_number: null },
      missing_required: ['po_number'],
    });
    expect(edited.body.matches.map((m: any) => m.field)).not.toContain('po_number');

    // Nothing was stored, charged or delivered.
    expect((await api(t.url, t.apiKey, 'GET', '/v1/templates')).body.data).toEqual([]);
    expect((await api(t.url, t.apiKey, 'GET', '/v1/usage')).body.credits_used).toBe(0);
  });

  it('refuses definitions it cannot use with a 400 that says what to fix', async () => {
    const badRegex = await preview({
      ...ACME_TEMPLATE,
      fields: { total: { rules: [{ regex: 'Total:\\s*([\\d.,]+' }] } },
    });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.error.code).toBe('invalid_template');
    expect(badRegex.body.error.message).toContain('fields.total.rules[0].regex');

    const unnamedRow = await preview({
      ...ACME_TEMPLATE,
      line_items: [
        { name: 'lines', blocks: [{ start: 'Description', end: 'Total', line: ['(\\S+)\\s+(\\d+)'] }] },
      ],
    });
    expect(unnamedRow.status).toBe(400);
    expect(unnamedRow.body.error.message).toContain('named groups');

    const badZone = await preview({
      ...ACME_TEMPLATE,
      fields: { total: { rules: [{ zone: { page: 0, box: { x0: 0.5, y0: 0.2, x1: 0.1, y1: 0.4 } } }] } },
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toContain('x1 must exceed x0');

    const noFields = await preview({ name: 'x', keywords: [] });
    expect(noFields.status).toBe(400);
    expect(noFields.body.error.message).toMatch(/fields/);

    const noSample = await api(t.url, t.apiKey, 'POST', '/v1/templates/preview', {
      definition: ACME_TEMPLATE,
    });
    expect(noSample.status).toBe(400);
    expect(noSample.body.error.message).toMatch(/sample_record_id/);
  });

  it('says when the sample is unknown, another application’s, or its file is gone', async () => {
    const unknown = await preview(ACME_TEMPLATE, 'rec_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'sample_not_found' });
    expect(unknown.body.error.message).toContain('POST /v1/records');

    const other = await t.docket.credentials.createApplication('other');
    expect((await preview(ACME_TEMPLATE, sampleId, other.api_key)).status).toBe(404);

    const purged = await uploadSample(t.apiKey, await invoicePdf(acmeInvoice(8)), 'acme-8.pdf');
    await t.docket.store.records.markFileDeleted(purged, 'retention', new Date());
    const gone = await preview(ACME_TEMPLATE, purged);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 'sample_file_deleted' });
  });

  it('refuses a sample a job would refuse: more pages than a template job may have', async () => {
    const long = await uploadSample(t.apiKey, await invoicePdf(acmeInvoice(9, 4)), 'acme-9.pdf');
    const refused = await preview(ACME_TEMPLATE, long);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'page_limit_exceeded' });
    expect(refused.body.error.message).toContain('at most 3 pages');
  });
});
