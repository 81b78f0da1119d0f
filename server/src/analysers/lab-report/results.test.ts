import { describe, expect, it } from 'vitest';
import { buildSections, type DocumentFacts } from './results.ts';
import type { ParsedRow } from './row.ts';

const row = (over: Partial<ParsedRow>): ParsedRow => ({
  name: 'Sodium',
  value: 141,
  valueKind: 'number',
  unit: 'mmol/L',
  range: null,
  flags: [],
  leftover: [],
  inline: false,
  confidence: 0.85,
  ...over,
});

function within(r: ParsedRow, facts: DocumentFacts): boolean | null {
  return buildSections([{ name: null, rows: [r] }], facts)[0]!.results[0]!.within_normal_range;
}

describe('buildSections', () => {
  const flagging: DocumentFacts = { decimalComma: false, sex: null, usesFlags: true };

  it('gives no verdict for a row with neither interval nor flag, even in a flagging document', () => {
    expect(within(row({}), flagging)).toBeNull();
    expect(within(row({ flags: ['H'] }), flagging)).toBe(false);
  });

  it('re-reads an OCR unit by the test’s unit classes', () => {
    const result = buildSections(
      [{ name: null, rows: [row({ name: 'Créatinine', unit: 'umollL', value: 88 })] }],
      flagging,
    )[0]!.results[0]!;
    expect(result).toMatchObject({
      original_unit_name: 'µmol/L',
      standard_unit_name: 'umol/L',
      loinc_code: '14682-9',
    });
  });

  it('re-reads a valid but meaningless OCR unit by the classes the name alone allows', () => {
    const result = buildSections(
      [{ name: null, rows: [row({ name: 'Red Blood Cells', unit: '1076/uL', value: 4.88 })] }],
      flagging,
    )[0]!.results[0]!;
    expect(result).toMatchObject({ standard_unit_name: '10*6/uL', loinc_code: '789-8' });
  });

  it('drops a footnote marker OCR read as a digit after the name, only when that names a test', () => {
    const facts: DocumentFacts = { decimalComma: false, sex: null, usesFlags: false };
    const result = (r: ParsedRow) => buildSections([{ name: null, rows: [r] }], facts)[0]!.results[0]!;
    const b12 = result(row({ name: 'Vitamin B122', value: 167, unit: 'pmol/L' }));
    expect(b12.original_test_name).toBe('Vitamin B12');
    expect(b12.loinc_code).not.toBeNull();
    expect(result(row({ name: 'Urea2', value: 6.6, unit: 'mmol/L' })).original_test_name).toBe('Urea');
    // A name that maps as read keeps its digit; a text layer is never changed.
    expect(result(row({ name: 'Vitamin B12', value: 167, unit: 'pmol/L' })).original_test_name).toBe(
      'Vitamin B12',
    );
    expect(result(row({ name: 'Urea2', value: 6.6, unit: 'mmol/L', confidence: 1 })).original_test_name).toBe(
      'Urea2',
    );
  });
});
