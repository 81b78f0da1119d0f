import { describe, expect, it } from 'vitest';
import { ACME_INVOICE, makeInvoicePdf } from '../../../test/fixtures/invoices/generate.ts';
import { readDocument } from '../layout/read-document.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { TemplateDefinition } from './definition.ts';
import { extractWithTemplate } from './extract.ts';
import { validateTemplate } from './validate.ts';

const noOcr = (): OcrEngine => {
  throw new Error('OCR must not run for text PDFs');
};

const base = { name: 't', keywords: ['Acme'] };

async function acmeLayout(invoice = ACME_INVOICE) {
  return readDocument(await makeInvoicePdf(invoice), 'application/pdf', noOcr);
}

describe('extractWithTemplate on a generated invoice PDF', () => {
  it('finds values right of a label and below a label', async () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {
        number: { rules: [{ anchor: { label: 'Invoice No', direction: 'right' } }] },
        due: { type: 'date', rules: [{ anchor: { label: 'Due date', direction: 'below' } }] },
        customer: { rules: [{ anchor: { label: 'customer', direction: 'below' } }] },
        total: {
          type: 'money',
          rules: [{ anchor: { label: 'Total', direction: 'right', pattern: '[\\d.,]+' } }],
        },
      },
      options: { date_order: 'DMY' },
    };
    const out = extractWithTemplate(definition, await acmeLayout());
    expect(out.fields).toEqual({
      number: 'AW-2024-0042',
      due: '2024-04-13',
      customer: 'Northwind Traders',
      total: 41.99,
    });
    expect(out.matches.map((m) => m.field).sort()).toEqual(['customer', 'due', 'number', 'total']);
  });

  it('reads a page zone in normalised coordinates', async () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {
        // The top-left corner holds the issuer's name and address.
        issuer: { rules: [{ zone: { box: { x0: 0, y0: 0, x1: 0.5, y1: 0.07 } } }] },
        last_page_terms: {
          rules: [
            { zone: { page: -1, box: { x0: 0, y0: 0, x1: 1, y1: 0.2 }, pattern: 'within (\\d+) days' } },
          ],
          type: 'number',
        },
      },
    };
    const out = extractWithTemplate(definition, await acmeLayout({ ...ACME_INVOICE, extraPages: 1 }));
    expect(out.fields.issuer).toBe('Acme Widgets Ltd');
    expect(out.fields.last_page_terms).toBe(30);
  });

  it('extracts line items from the table between markers, typed', async () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {},
      line_items: [
        {
          name: 'items',
          blocks: [
            {
              start: 'Description\\s+Qty',
              end: 'Subtotal',
              line: [
                '^(?<description>\\S.*?)\\s{2,}(?<qty>\\d+)\\s+(?<price>[\\d.]+)\\s+(?<amount>[\\d.]+)$',
              ],
              types: { qty: 'number', price: 'money', amount: 'money' },
            },
          ],
        },
      ],
    };
    const out = extractWithTemplate(definition, await acmeLayout());
    expect(out.line_items).toEqual([
      { description: 'Blue widget', qty: 2, price: 12.5, amount: 25 },
      { description: 'Widget polish, 250 ml', qty: 1, price: 4.99, amount: 4.99 },
      { description: 'Delivery', qty: 1, price: 5, amount: 5 },
    ]);
    expect(out.line_item_lists.items).toBe(out.line_items);
  });

  it('extracts the next invoice of the same issuer with the template written for the first', async () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {
        number: { rules: [{ regex: 'Invoice No:\\s+(\\S+)' }], required: true },
        date: { type: 'date', rules: [{ anchor: { label: 'Date:', direction: 'right' } }] },
        total: { type: 'money', rules: [{ regex: 'Total\\s+\\w{3}\\s+([\\d.,]+)' }] },
      },
      options: { date_order: 'DMY' },
    };
    const next = {
      ...ACME_INVOICE,
      invoiceNumber: 'AW-2024-0107',
      date: '02/05/2024',
      lines: ACME_INVOICE.lines.slice(0, 1),
      subtotal: '1,025.00',
      tax: '205.00',
      total: '1,230.00',
    };
    const out = extractWithTemplate(definition, await acmeLayout(next));
    expect(out.fields).toEqual({ number: 'AW-2024-0107', date: '2024-05-02', total: 1230 });
    expect(out.missing_required).toEqual([]);
  });
});

describe('extractWithTemplate combining and typing', () => {
  const text = 'Tax 10% 1,50\nTax 20% 2,25\nPaid by card\nDue 2024-01-31\nStart 2024-01-01';

  it('groups several matches by sum, min, max, first, last and join', () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {
        sum: { type: 'money', group: 'sum', rules: [{ regex: 'Tax \\d+% (\\S+)' }] },
        min: { type: 'date', group: 'min', rules: [{ regex: '(\\d{4}-\\d\\d-\\d\\d)' }] },
        max: { type: 'date', group: 'max', rules: [{ regex: '(\\d{4}-\\d\\d-\\d\\d)' }] },
        first: { group: 'first', rules: [{ regex: 'Tax (\\d+)%' }] },
        last: { group: 'last', rules: [{ regex: 'Tax (\\d+)%' }] },
        join: { group: 'join', rules: [{ regex: 'Tax (\\d+%)' }] },
        list: { rules: [{ regex: 'Tax (\\d+%)' }] },
      },
      options: { decimal_separator: ',' },
    };
    expect(extractWithTemplate(definition, text).fields).toEqual({
      sum: 3.75,
      min: '2024-01-01',
      max: '2024-01-31',
      first: '10',
      last: '20',
      join: '10% 20%',
      list: ['10%', '20%'],
    });
  });

  it('tries rules in order until one finds a value, and reports values of the wrong type', () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: {
        method: { rules: [{ regex: 'Paid by (cash)' }, { regex: 'Paid by (\\w+)' }, { static: 'unknown' }] },
        paid: { type: 'boolean', rules: [{ regex: 'Paid: (\\w+)' }, { static: true }] },
        bad: { type: 'number', rules: [{ regex: 'Paid by (\\w+)' }] },
      },
    };
    const out = extractWithTemplate(definition, text);
    expect(out.fields).toEqual({ method: 'card', paid: true, bad: null });
    expect(out.warnings).toContain('bad: "card" is not a number; ignored');
  });

  it('applies replacements before the rules and adds static values from the job', () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: { who: { rules: [{ regex: 'Paid by (\\w+)' }] } },
      options: { replace: [['card', 'credit card']], currency: 'EUR' },
    };
    expect(extractWithTemplate(definition, text, { customer: 'C-9' }).fields).toEqual({
      who: 'credit',
      currency: 'EUR',
      customer: 'C-9',
    });
  });

  it('lists required fields and line-item lists that came out empty', () => {
    const definition: TemplateDefinition = {
      ...base,
      fields: { po: { rules: [{ regex: 'PO (\\d+)' }], required: true } },
      line_items: [{ name: 'lines', blocks: [{ start: 'Items', end: 'End', line: ['(?<x>\\d+)'] }] }],
      options: { required_fields: ['lines'] },
    };
    expect(extractWithTemplate(definition, text).missing_required.sort()).toEqual(['lines', 'po']);
  });
});

describe('validateTemplate', () => {
  it('names every pattern that does not compile and row patterns without named groups', () => {
    const definition: TemplateDefinition = {
      ...base,
      keywords: ['(unclosed'],
      fields: {
        a: { rules: [{ regex: '[z-a]' }] },
        z: { rules: [{ zone: { box: { x0: 0.5, y0: 0, x1: 0.2, y1: 1 } } }] },
      },
      line_items: [{ name: 'l', blocks: [{ start: 'a', end: 'b', line: ['(\\d+)'] }] }],
    };
    const problems = validateTemplate(definition);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^keywords\[0\]/);
    expect(problems.join('\n')).toMatch(/fields\.a\.rules\[0\]\.regex/);
    expect(problems.join('\n')).toMatch(/x1 must exceed x0/);
    expect(problems.join('\n')).toMatch(/needs named groups/);
  });
});
