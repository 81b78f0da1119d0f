import { afterAll, describe, expect, it } from 'vitest';
import { ACME_INVOICE, makeInvoicePdf } from '../../../test/fixtures/invoices/generate.ts';
import { rasterise } from '../../../test/fixtures/lab-reports/rasterise.ts';
import { createTemplateAnalyser, type TemplateDefinition, type TemplateResult } from './index.ts';

// One focused OCR test: it loads the tesseract model, so it is slow.
const analyser = createTemplateAnalyser();
afterAll(() => analyser.close());

/** Written against the text PDF; the same template must work on a scan of it. */
const acme: TemplateDefinition = {
  name: 'Acme Widgets',
  keywords: ['Acme', 'INVOICE'],
  fields: {
    invoice_number: { rules: [{ anchor: { label: 'Invoice No', direction: 'right' } }], required: true },
    date: { type: 'date', rules: [{ regex: 'Date:\\s+(\\d{2}/\\d{2}/\\d{4})' }] },
    customer: { rules: [{ anchor: { label: 'Customer', direction: 'below' } }] },
    total: { type: 'money', rules: [{ regex: 'Total\\s+GBP\\s+([\\d.,]+)' }], required: true },
  },
  line_items: [
    {
      name: 'line_items',
      blocks: [
        {
          start: 'Description\\s+Qty',
          end: 'Subtotal',
          line: ['^(?<description>\\S.*?)\\s{2,}(?<qty>\\d+)\\s+(?<price>[\\d.]+)\\s+(?<amount>[\\d.]+)$'],
          types: { qty: 'number', price: 'money', amount: 'money' },
        },
      ],
    },
  ],
  options: { date_order: 'DMY' },
};

describe('template OCR path', () => {
  it('extracts a scanned (rasterised) invoice with the template written for its text PDF', {
    timeout: 180_000,
  }, async () => {
    const scan = await rasterise(await makeInvoicePdf(ACME_INVOICE), { dpi: 240 });
    const outcome = await analyser.analyse({
      kind: 'template',
      bytes: scan,
      mimeType: 'image/png',
      filename: 'scan.png',
      options: { templates: [{ id: 'acme', definition: acme }] },
    });
    expect(outcome.ok).toBe(true);
    const result = (outcome as { result: TemplateResult }).result;
    expect(result.source).toBe('ocr');
    expect(result.fields).toMatchObject({
      invoice_number: 'AW-2024-0042',
      date: '2024-03-14',
      customer: 'Northwind Traders',
      total: 41.99,
    });
    expect(result.line_items.map((l) => l.amount)).toEqual([25, 4.99, 5]);
  });
});
