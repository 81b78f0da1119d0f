import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, templateBody } from './template-form.ts';
import { withZoneBox, zoneHighlights, zoneTargets } from './zone-form.ts';

describe('zones in the form', () => {
  const withZone = (zone: Record<string, string>) => ({
    ...EMPTY_FORM,
    name: 'Z',
    fields: [
      {
        name: 'ref',
        type: 'string' as const,
        required: false,
        extra: {},
        rules: [
          {
            kind: 'zone' as const,
            page: '0',
            x0: '0.1',
            y0: '0.2',
            x1: '0.5',
            y1: '0.3',
            pattern: '',
            ...zone,
          },
        ],
      },
    ],
  });

  it('writes a zone rule with numbers and draws it on the page preview', () => {
    const body = templateBody(withZone({ page: '-1', pattern: 'Ref (\\S+)' }), 'create');
    const rule = { zone: { page: -1, box: { x0: 0.1, y0: 0.2, x1: 0.5, y1: 0.3 }, pattern: 'Ref (\\S+)' } };
    expect(body.fields).toEqual({ ref: { rules: [rule] } });
    expect(zoneHighlights(body)).toEqual([
      { label: 'zone: ref', page: -1, box: rule.zone.box, tone: 'zone' },
    ]);
  });

  it('offers each zone rule for drawing and takes the drawn box', () => {
    const form = withZone({});
    expect(zoneTargets(form.fields)).toEqual([{ key: '0:0', label: 'ref, rule 1' }]);
    const fields = withZoneBox(form.fields, '0:0', 1, { x0: 0.6, y0: 0.05, x1: 0.95, y1: 0.15 });
    expect(templateBody({ ...form, fields }, 'create').fields).toEqual({
      ref: { rules: [{ zone: { page: 1, box: { x0: 0.6, y0: 0.05, x1: 0.95, y1: 0.15 } } }] },
    });
  });

  it('refuses a box outside the page or inside out', () => {
    expect(() => templateBody(withZone({ x1: '1.5' }), 'create')).toThrow(/x1 must be a number from 0 to 1/);
    expect(() => templateBody(withZone({ y1: '0.1' }), 'create')).toThrow(
      /y1 \(bottom\) must be more than y0/,
    );
    expect(() => templateBody(withZone({ page: '0.5' }), 'create')).toThrow(/whole number/);
  });
});
