import { describe, expect, it } from 'vitest';
import {
  EMPTY_FORM,
  FormProblem,
  formFromTemplate,
  type TemplateRecord,
  templateBody,
} from './template-form.ts';

const stored: TemplateRecord = {
  id: 't1',
  name: 'ACME',
  keywords: ['ACME Supplies', 'INVOICE'],
  fields: {
    invoice_number: { rules: [{ regex: 'Invoice number:\\s*(\\S+)' }], required: true },
    date: { type: 'date', rules: [{ anchor: { label: 'Date', direction: 'right' } }] },
    block: { group: 'join', rules: [{ zone: { page: 0, box: { x0: 0, y0: 0, x1: 0.5, y1: 0.1 } } }] },
  },
  line_items: [{ name: 'lines', blocks: [{ start: 'Item', end: 'Total', line: ['(?<d>.+)'] }] }],
  options: { currency: 'GBP' },
  webhook_url: 'https://example.com/hook',
  webhook_headers: { authorization: '…1234' },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('the template form model', () => {
  it('reads a template into rows and writes back the same definition, zones and options included', () => {
    const form = formFromTemplate(stored);
    expect(form.fields.map((f) => f.rules[0]!.kind)).toEqual(['regex', 'anchor', 'zone']);
    expect(form.lineItems.mode).toBe('form');
    expect(form.keywords).toBe('ACME Supplies\nINVOICE');
    const { id: _i, created_at: _c, updated_at: _u, ...definition } = stored;
    expect(templateBody(form, 'update')).toEqual(definition);
  });

  it('names what to fix: no name, a bad field name, an empty regex, broken JSON', () => {
    const problem = (form: typeof EMPTY_FORM) => {
      try {
        templateBody(form, 'create');
      } catch (error) {
        expect(error).toBeInstanceOf(FormProblem);
        return (error as Error).message;
      }
      return null;
    };
    expect(problem(EMPTY_FORM)).toMatch(/^Name:/);
    const named = { ...EMPTY_FORM, name: 'X' };
    const field = { name: 'total', type: 'money' as const, required: false, extra: {} };
    expect(
      problem({ ...named, fields: [{ ...field, name: '2 words', rules: [{ kind: 'static', value: '1' }] }] }),
    ).toMatch(/Field 1: a name/);
    expect(
      problem({ ...named, fields: [{ ...field, rules: [{ kind: 'regex', regex: '', flags: '' }] }] }),
    ).toMatch(/"total", rule 1: the regex is empty/);
    expect(problem({ ...named, lineItems: { mode: 'json', json: '[{' } })).toMatch(
      /Line items: not valid JSON/,
    );
  });

  it('leaves an empty webhook out when creating and removes it (null) when updating', () => {
    const form = { ...EMPTY_FORM, name: 'X', fields: [] };
    expect(templateBody(form, 'create')).not.toHaveProperty('webhook_url');
    expect(templateBody(form, 'update')).toHaveProperty('webhook_url', null);
    expect(templateBody(form, 'update')).toHaveProperty('line_items', []);
    expect(templateBody(form, 'create')).not.toHaveProperty('line_items');
  });
});
