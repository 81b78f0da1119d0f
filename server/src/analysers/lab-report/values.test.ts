import { describe, expect, it } from 'vitest';
import { extractFlags, joinSpacedThousands, lexValue, parseFlag, parseNumber } from './values.ts';

describe('values', () => {
  it('reads numbers with decimal points, decimal commas and thousands separators', () => {
    expect(parseNumber('4.9')).toBe(4.9);
    expect(parseNumber('5,6')).toBe(5.6);
    expect(parseNumber('7,880')).toBe(7880);
    expect(parseNumber('7,880', true)).toBe(7.88);
    expect(parseNumber('1.020')).toBe(1.02);
  });

  it('joins numbers grouped in threes by spaces, but not a value from the interval after it', () => {
    expect(joinSpacedThousands('7 450')).toBe('7450');
    expect(joinSpacedThousands('7\u202f450 /µL')).toBe('7450 /µL');
    expect(joinSpacedThousands('1 234,5')).toBe('1234,5');
    expect(joinSpacedThousands('4 000 – 10 000')).toBe('4000 – 10000');
    expect(joinSpacedThousands('13 120-160')).toBe('13 120-160');
    expect(joinSpacedThousands('150 – 400')).toBe('150 – 400');
    expect(joinSpacedThousands('12/10/2026 08:15')).toBe('12/10/2026 08:15');
  });

  it('lexes numbers, comparators, ordinals and qualitative results', () => {
    expect(lexValue('11.3 Low')).toMatchObject({ value: 11.3, kind: 'number', rest: ' Low' });
    expect(lexValue('<0.5')).toMatchObject({ value: '<0.5', kind: 'comparator' });
    expect(lexValue('≤ 3')).toMatchObject({ value: '<=3', kind: 'comparator' });
    expect(lexValue('2-3')).toMatchObject({ value: '2-3', kind: 'ordinal' });
    expect(lexValue('1+')).toMatchObject({ value: '1+', kind: 'ordinal' });
    expect(lexValue('Not detected')).toMatchObject({ value: 'Not detected', kind: 'qualitative' });
    expect(lexValue('None seen /HPF')).toMatchObject({ value: 'None seen', rest: ' /HPF' });
  });

  it('does not read dates or ranges as values', () => {
    expect(lexValue('09/11/1999')).toBeNull();
    expect(lexValue('12.0 to 15.5')).toBeNull();
    expect(lexValue('23311-5158')).toMatchObject({ kind: 'ordinal' });
  });

  it('reads printed flags', () => {
    expect(parseFlag('H')).toBe('H');
    expect(parseFlag('[L]')).toBe('L');
    expect(parseFlag('↑')).toBe('H');
    expect(parseFlag('Abnormal')).toBe('A');
    expect(parseFlag('H*')).toBe('H');
    expect(parseFlag('mg/dL')).toBeNull();
    expect(extractFlags('mmol/L ↑ normal range 2.20 - 2.60')).toEqual({
      flags: ['H'],
      rest: 'mmol/L normal range 2.20 - 2.60',
    });
  });
});
