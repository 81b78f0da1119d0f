import { describe, expect, it } from 'vitest';
import { ACME_INVOICE, makeInvoicePdf } from '../../../test/fixtures/invoices/generate.ts';
import { corruptPdf } from '../../../test/support/pdfs.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { createTemplateAnalyser, type TemplateDefinition, type TemplateResult } from './index.ts';

const noOcr = (): OcrEngine => {
  throw new Error('OCR must not run for text PDFs');
};
const analyser = createTemplateAnalyser({ ocr: noOcr });

const acme: TemplateDefinition = {
  name: 'Acme Widgets',
  keywords: ['Acme Widgets', 'INVOICE'],
  fields: {
    invoice_number: { rules: [{ regex: 'Invoice No:\\s+(\\S+)' }], required: true },
    date: { type: 'date', rules: [{ regex: 'Date:\\s+(\\d{2}/\\d{2}/\\d{4})' }] },
    total: { type: 'money', rules: [{ regex: 'Total\\s+GBP\\s+([\\d.,]+)' }], required: true },
    supplier: { rules: [{ static: 'Acme' }] },
  },
  options: { date_order: 'DMY' },
};
const other: TemplateDefinition = {
  name: 'Other',
  keywords: ['Globex'],
  fields: { n: { rules: [{ regex: 'No (\\d+)' }] } },
};

async function run(options: Record<string, unknown>, bytes?: Uint8Array) {
  return analyser.analyse({
    kind: 'template',
    bytes: bytes ?? (await makeInvoicePdf(ACME_INVOICE)),
    mimeType: 'application/pdf',
    filename: 'invoice.pdf',
    options,
  });
}

describe('template analyser', () => {
  it('extracts typed fields from a text PDF with the named template and says where they were', async () => {
    const outcome = await run({ templates: [{ id: 't1', definition: acme }], static_values: { ref: 'X1' } });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const result = outcome.result as TemplateResult;
    expect(result.template_id).toBe('t1');
    expect(result.fields).toMatchObject({
      invoice_number: 'AW-2024-0042',
      date: '2024-03-14',
      total: 41.99,
      supplier: 'Acme',
      ref: 'X1',
    });
    expect(outcome.pages).toBe(1);
    const where = result.matches.find((m) => m.field === 'invoice_number');
    expect(where?.page).toBe(0);
    // The value is printed at x = 450 pt of a 595 pt wide page, near the top.
    expect(where!.box.x0).toBeGreaterThan(0.7);
    expect(where!.box.y1).toBeLessThan(0.2);
  });

  it('chooses the template whose keywords all occur when the job names none', async () => {
    const outcome = await run({
      templates: [
        { id: 'other', definition: other },
        { id: 'acme', definition: acme },
      ],
    });
    expect(outcome.ok && (outcome.result as TemplateResult).template_id).toBe('acme');
  });

  it('fails with no_template_matched when no template applies', async () => {
    const outcome = await run({
      templates: [
        { id: 'other', definition: other },
        { id: 'o2', definition: other },
      ],
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'no_template_matched' } });
  });

  it('fails with required_fields_missing naming the field', async () => {
    const strict: TemplateDefinition = {
      ...acme,
      fields: { ...acme.fields, po: { rules: [{ regex: 'PO number: (\\d+)' }], required: true } },
    };
    const outcome = await run({ templates: [{ id: 's', definition: strict }] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('required_fields_missing');
    expect(outcome.error.message).toContain('po');
  });

  it('fails clearly on an unreadable PDF', async () => {
    const outcome = await run({ templates: [{ id: 't1', definition: acme }] }, corruptPdf());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'pdf_corrupt' } });
  });

  it('fails clearly when the job carries no templates', async () => {
    expect(await run({ templates: [] })).toMatchObject({ ok: false, error: { code: 'no_templates' } });
    expect(await run({})).toMatchObject({ ok: false, error: { code: 'template_options_invalid' } });
  });
});
