import { describe, expect, it } from 'vitest';
import type { LayoutCell } from '../layout/types.ts';
import { detectColumns } from './columns.ts';
import { parseRow } from './row.ts';

/** Cells at the given x positions, as a text layer (confidence 1) or OCR (0.85) produced them. */
function cells(confidence: number, ...items: [string, number][]): LayoutCell[] {
  return items.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 10, confidence }));
}

describe('parseRow', () => {
  it('takes a unit under a heading the header did not name as the row unit', () => {
    const header = {
      page: 0,
      y: 0,
      size: 10,
      cells: cells(1, ['Determinación', 100], ['Valor', 500], ['Rango', 700], ['Marca Unidades', 950]),
    };
    const columns = detectColumns(header);
    const row = parseRow(
      cells(1, ['Colesterol HDL', 100], ['1.73 >1.0', 500], ['mmol/L', 1100]),
      columns,
      false,
    );
    expect(row).toMatchObject({ value: 1.73, range: '>1.0', unit: 'mmol/L' });
    const flagged = parseRow(
      cells(1, ['Colesterol HDL', 100], ['0.8 >1.0', 500], ['L', 960], ['mmol/L', 1100]),
      columns,
      false,
    );
    expect(flagged).toMatchObject({ unit: 'mmol/L', flags: ['L'] });
  });

  it('reads the test name from wherever the header puts its column', () => {
    const header = (...items: [string, number][]) => ({ page: 0, y: 0, size: 10, cells: cells(1, ...items) });
    const valueFirst = detectColumns(
      header(['Result', 50], ['Units', 110], ['Test', 180], ['Reference', 350], ['Flag', 445]),
    );
    expect(
      parseRow(
        cells(1, ['5.6', 50], ['mmol/L', 110], ['Potassium', 180], ['3.5-5.1', 350], ['H', 445]),
        valueFirst,
        false,
      ),
    ).toMatchObject({ name: 'Potassium', value: 5.6, unit: 'mmol/L', range: '3.5-5.1', flags: ['H'] });
    const codeFirst = detectColumns(
      header(['Code', 50], ['Test', 150], ['Result', 400], ['Unit', 500], ['Range', 600]),
    );
    expect(
      parseRow(
        cells(1, ['GLU', 50], ['Glucose', 150], ['5.2', 400], ['mmol/L', 500], ['3.9-6.1', 600]),
        codeFirst,
        false,
      ),
    ).toMatchObject({ name: 'Glucose', value: 5.2, unit: 'mmol/L', range: '3.9-6.1', leftover: ['GLU'] });
  });

  it('reads a flag mark printed before the value', () => {
    expect(
      parseRow(cells(1, ['Colesterol total', 100], ['*235 mg/dL', 400], ['(< 200)', 600]), null, false),
    ).toMatchObject({ value: 235, unit: 'mg/dL', range: '< 200', flags: ['A'] });
    expect(parseRow(cells(1, ['Kalium', 100], ['↑ 5,4', 400], ['mmol/l', 500]), null, true)).toMatchObject({
      value: 5.4,
      flags: ['H'],
    });
  });

  it('reads numbers grouped in threes by spaces, in values and intervals', () => {
    expect(
      parseRow(
        cells(1, ['Leucocytes', 100], ['7 450', 400], ['/mm3', 500], ['4 000 – 10 000', 600]),
        null,
        true,
      ),
    ).toMatchObject({ value: 7450, unit: '/mm3', range: '4000 – 10000' });
  });

  it('splits a unit OCR glued to its value', () => {
    expect(parseRow(cells(0.85, ['MCH', 100], ['29,7pg', 400], ['(27-33)', 600]), null, true)).toMatchObject({
      value: 29.7,
      unit: 'pg',
      range: '27-33',
    });
    expect(parseRow(cells(0.85, ['MCV', 100], ['84,1um3 (80-98)', 400]), null, true)).toMatchObject({
      value: 84.1,
      unit: 'um3',
    });
    // A text layer prints what it prints: `29,7pg` is no value there.
    expect(parseRow(cells(1, ['MCH', 100], ['29,7pg', 400], ['(27-33)', 600]), null, true)?.value).not.toBe(
      29.7,
    );
  });

  it('reads an OCR value with a leading zero as a decimal that lost its mark', () => {
    expect(parseRow(cells(0.85, ['INR', 100], ['054', 400], ['[08-12]', 600]), null, true)).toMatchObject({
      value: 0.54,
      range: '0.8-1.2',
    });
  });

  it('reads an OCR interval cell whose dash was lost', () => {
    expect(
      parseRow(cells(0.85, ['Albumine', 100], ['4.3 g/dL', 400], ['(3.55.2)', 600]), null, false),
    ).toMatchObject({
      value: 4.3,
      unit: 'g/dL',
      range: '3.5-5.2',
    });
  });

  it('reads a lone mark after an OCR value as the arrow flag the English model cannot read', () => {
    const low = parseRow(
      cells(0.85, ['Hémoglobine', 100], ['7,3 1', 400], ['g/dL', 550], ['(12,0 - 16,0)', 700]),
      null,
      true,
    );
    expect(low).toMatchObject({ value: 7.3, flags: ['L'], range: '12,0 - 16,0' });
    const noRange = parseRow(cells(0.85, ['Ferritine', 100], ['1239 1', 400], ['pg/mL', 550]), null, true);
    expect(noRange?.flags).toEqual(['A']);
    // A text layer's `1` is whatever it is, not a flag.
    expect(
      parseRow(cells(1, ['Ferritine', 100], ['1239 1', 400], ['pg/mL', 550]), null, true)?.flags,
    ).toEqual([]);
  });

  it('drops footnote markers OCR read as ? or ! from names', () => {
    expect(parseRow(cells(0.85, ['Ferritine?', 100], ['172', 400], ['µg/L', 550]), null, false)?.name).toBe(
      'Ferritine',
    );
    expect(parseRow(cells(0.85, ['Hématocrite!', 100], ['37.8', 400], ['%', 550]), null, false)?.name).toBe(
      'Hématocrite',
    );
  });

  it('puts back a lost decimal point only where a two-bound interval with decimals places it', () => {
    expect(
      parseRow(cells(0.85, ['Kalium', 100], ['36 mEq/L', 400], ['(3,5-5,1)', 600]), null, true)?.value,
    ).toBe(3.6);
    // One bound says too little: a CRP of 45 against `< 5,0` may be real, so the row is dropped.
    expect(parseRow(cells(0.85, ['CRP', 100], ['45 mg/L', 400], ['(< 5,0)', 600]), null, true)).toBeNull();
  });

  it('keeps a bracketed OCR cell with digits as an unreadable interval', () => {
    expect(parseRow(cells(0.85, ['INR', 100], ['1.11', 400], ['(0812)', 600]), null, false)?.range).toBe(
      '0812',
    );
    expect(
      parseRow(cells(1, ['INR', 100], ['1.11', 400], ['(0812)', 600]), null, false)?.range ?? null,
    ).toBeNull();
  });

  it('reads an L after a split power-of-ten unit as its litre when the interval contradicts a Low flag', () => {
    const row = parseRow(
      cells(0.85, ['Neutrófilos absolutos', 100], ['5,33 1079 L', 400], ['1,8-7,5', 700]),
      null,
      true,
    );
    expect(row).toMatchObject({ value: 5.33, flags: [], unit: '1079/L' });
    // Below the interval the L is the flag it looks like.
    const low = parseRow(
      cells(0.85, ['Neutrófilos absolutos', 100], ['1,2 1079 L', 400], ['1,8-7,5', 700]),
      null,
      true,
    );
    expect(low?.flags).toEqual(['L']);
  });

  it('keeps the interval of an OCR row whose unit is glued after it, and the unit apart', () => {
    expect(
      parseRow(cells(0.9, ['Lymphocytes %', 100], ['33.8', 400], ['20-45%', 600]), null, false),
    ).toMatchObject({
      value: 33.8,
      range: '20-45',
      unit: '%',
    });
    const sodium = parseRow(
      cells(0.9, ['Sodium', 100], ['143', 400], ['[135 — 145] mmol', 600]),
      null,
      false,
    );
    expect(sodium).toMatchObject({ range: '135 — 145' });
    expect(sodium?.leftover).toContain('mmol');
  });

  it('reads an OCR interval `240` as `≥40`, in the interval column or left over', () => {
    const header = {
      page: 0,
      y: 0,
      size: 10,
      cells: cells(1, ['Test', 100], ['Result', 400], ['Reference', 600]),
    };
    expect(
      parseRow(cells(0.9, ['HDL-C', 100], ['62', 400], ['240', 600]), detectColumns(header), false),
    ).toMatchObject({
      range: '≥40',
    });
    expect(
      parseRow(cells(0.9, ['HDL-C', 100], ['62', 400], ['240', 600], ['mg/dL', 800]), null, false),
    ).toMatchObject({
      range: '≥40',
      unit: 'mg/dL',
    });
    // A text layer is never second-guessed.
    expect(
      parseRow(cells(1, ['HDL-C', 100], ['62', 400], ['240', 600], ['mg/dL', 800]), null, false)?.range,
    ).toBeNull();
  });

  it('reads an OCR `LL` flag the interval contradicts as the unit `L/L` whose slash was lost', () => {
    expect(
      parseRow(cells(0.86, ['Hematocrit', 100], ['(0.36-0.46)', 400], ['0.45 LL', 700]), null, false),
    ).toMatchObject({
      value: 0.45,
      unit: 'L/L',
      flags: [],
    });
    // Beside another flag, or under the unit heading, it is the unit too.
    expect(
      parseRow(cells(0.86, ['Hematocrit', 100], ['0,49 H LL', 400], ['0,36-0,46', 700]), null, true),
    ).toMatchObject({
      unit: 'L/L',
      flags: ['H'],
    });
    const header = {
      page: 0,
      y: 0,
      size: 10,
      cells: cells(1, ['Test', 100], ['Result', 400], ['Reference', 600], ['Unit', 900], ['Flag', 1100]),
    };
    expect(
      parseRow(
        cells(0.86, ['Hematocrit', 100], ['0,24', 400], ['0,36-0,46', 600], ['LL', 900], ['L', 1100]),
        detectColumns(header),
        true,
      ),
    ).toMatchObject({ unit: 'L/L', flags: ['L'] });
    // Outside the interval it is the flag it says.
    expect(
      parseRow(cells(0.86, ['Hematocrit', 100], ['(0.36-0.46)', 400], ['0.15 LL', 700]), null, false),
    ).toMatchObject({
      unit: null,
      flags: ['LL'],
    });
  });

  it('reads a decimal comma OCR read as a point where the interval says so', () => {
    const gravity = (value: string) =>
      parseRow(cells(0.8, ['Spezifisches Gewicht', 100], [value, 400], ['1,005-1,030', 600]), null, true)
        ?.value;
    expect(gravity('1.014')).toBe(1.014);
    // A thousands point that fits as printed stays a thousands point.
    expect(
      parseRow(cells(0.8, ['Leukozyten', 100], ['7.420', 400], ['4.000-11.000', 600]), null, true)?.value,
    ).toBe(7420);
    // A text layer is read as printed.
    expect(
      parseRow(cells(1, ['Spezifisches Gewicht', 100], ['1.014', 400], ['1,005-1,030', 600]), null, true)
        ?.value,
    ).toBe(1014);
  });

  it('passes over an OCR interval with its unit glued on to find the value after it', () => {
    expect(
      parseRow(cells(0.9, ['Lymfocyten %', 100], ['20-45%', 500], ['40,6', 900]), null, true),
    ).toMatchObject({
      value: 40.6,
      range: '20-45',
      unit: '%',
    });
    expect(parseRow(cells(0.9, ['MCH', 100], ['27-33pg', 500], ['29,6', 900]), null, true)).toMatchObject({
      value: 29.6,
      range: '27-33',
      unit: 'pg',
    });
    // A comparator value with its unit is a value, not an interval.
    expect(parseRow(cells(0.9, ['CRP', 100], ['<0.5 mg/L', 500], ['<5', 900]), null, false)).toMatchObject({
      value: '<0.5',
    });
  });
});
