import { describe, expect, it } from 'vitest';
import { extractWithTemplate } from './extract.ts';
import { importInvoice2data, TemplateImportError } from './invoice2data.ts';
import { templateMatches } from './select.ts';

const TEMPLATE = `
issuer: Fictional Supplies GmbH
keywords:
  - Fictional Supplies
  - Rechnung
exclude_keywords:
  - Gutschrift
fields:
  amount: Gesamtbetrag\\s+EUR\\s+(\\d+,\\d{2})
  date: Rechnungsdatum:\\s+(\\d{2}\\.\\d{2}\\.\\d{4})
  invoice_number: Rechnungsnr\\.\\s+(?P<nr>\\d{6})
  static_vat_id: DE123456789
  payment:
    parser: regex
    regex:
      - (?i)(paypal)
      - (Überweisung)
  taxes:
    parser: regex
    regex: MwSt \\d+%\\s+(\\d+,\\d{2})
    type: float
    group: sum
  lines:
    parser: lines
    start: Pos\\s+Menge
    end: Gesamtbetrag
    first_line: ^\\s*(?P<pos>\\d+)\\s+(?P<qty>\\d+)\\s+(?P<desc>.+?)\\s{2,}(?P<price>\\d+,\\d{2})$
    line: ^\\s{4,}(?P<desc>\\S.*)$
    types:
      qty: int
      price: float
options:
  currency: EUR
  decimal_separator: ","
  replace:
    - ['(?P<a>\\d)\\.(?P<b>\\d{3}),', '\\g<a>\\g<b>,']
`;

const TEXT = [
  'Fictional Supplies GmbH                       Rechnung',
  'Rechnungsnr. 123456          Rechnungsdatum: 07.05.2014',
  '',
  'Pos  Menge  Beschreibung                 Preis',
  '  1      2  Kopierpapier A4              9,90',
  '            80 g/m², weiß',
  '  2      1  Toner schwarz             1.049,00',
  '',
  'MwSt 19%   1,88',
  'MwSt 7%    0,20',
  'Gesamtbetrag   EUR   1.068,68',
  'Zahlung per PayPal',
].join('\n');

describe('importInvoice2data', () => {
  const definition = importInvoice2data(TEMPLATE);

  it('imports fields, legacy prefixes, static_ fields, groups, lines and options', () => {
    const out = extractWithTemplate(definition, TEXT);
    expect(out.fields).toMatchObject({
      issuer: 'Fictional Supplies GmbH',
      amount: 1068.68,
      date: '2014-05-07',
      invoice_number: '123456',
      vat_id: 'DE123456789',
      payment: 'PayPal',
      taxes: 2.08,
      currency: 'EUR',
      desc: 'Invoice from Fictional Supplies GmbH',
    });
    expect(out.line_item_lists.lines).toEqual([
      { pos: '1', qty: 2, desc: 'Kopierpapier A4\n80 g/m², weiß', price: 9.9 },
      { pos: '2', qty: 1, desc: 'Toner schwarz', price: 1049 },
    ]);
    expect(out.missing_required).toEqual([]);
  });

  it('ignores lines outside an item: before the first first_line and after a last_line', () => {
    const template = importInvoice2data(`
keywords: [Service]
fields:
  items:
    parser: lines
    start: Items
    end: Total
    first_line: 'Service (?P<item>\\w)'
    line: '(?P<desc>.*)'
    skip_line: 'Notes:'
    last_line: '(?P<desc>Parts:.*)'
`);
    const text =
      'Items\nHeader line\nService A\nNotes: none\nParts: 1 x cap\nTax: 0.2%\nService B\nwith care\nParts: 2 x nut\nTotal';
    expect(extractWithTemplate(template, text).line_item_lists.items).toEqual([
      { item: 'A', desc: 'Parts: 1 x cap' },
      { item: 'B', desc: 'with care\nParts: 2 x nut' },
    ]);
  });

  it('selects by keywords and exclude_keywords', () => {
    expect(templateMatches(definition, TEXT)).toBe(true);
    expect(templateMatches(definition, `${TEXT}\nGutschrift`)).toBe(false);
    expect(templateMatches(definition, 'Rechnung von jemand anderem')).toBe(false);
  });

  it('reads JSON templates too', () => {
    const json = importInvoice2data(
      JSON.stringify({ issuer: 'X', keywords: ['X'], fields: { amount: 'Total (\\d+)' } }),
    );
    expect(extractWithTemplate(json, 'X Total 12').fields.amount).toBe(12);
  });

  it('names the part it cannot import', () => {
    expect(() => importInvoice2data('keywords: [a]\nfields:\n  amount: (?>x)\\d+')).toThrow(
      /fields\.amount\[0\].*atomic groups/,
    );
    expect(() => importInvoice2data('fields: {}')).toThrow(/keywords/);
    expect(() => importInvoice2data('keywords: [a]\nfields:\n  x: {parser: magic}')).toThrow(/parser/);
    expect(() => importInvoice2data(': : :')).toThrow(TemplateImportError);
  });
});
