import { describe, expect, it } from 'vitest';
import type { LayoutLine } from '../layout/types.ts';
import { isResultRow, nameContinues } from './results.ts';
import { collectSections } from './sections.ts';

/** One line of a text layer: cells at the given x positions, `y` in points (size 10). */
function line(y: number, ...cells: [string, number][]): LayoutLine {
  return {
    page: 0,
    y,
    size: 10,
    cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 5, confidence: 1 })),
  };
}

const header = line(0, ['Test', 40], ['Result', 200], ['Units', 260], ['Reference Range', 320]);
const names = (lines: LayoutLine[]) =>
  collectSections(lines, false, isResultRow, nameContinues).flatMap((s) =>
    s.rows.map((r) => [r.name, r.value]),
  );

describe('collectSections', () => {
  it('reads a name an HTML table wrapped around its row (the cells centred between its lines)', () => {
    expect(
      names([
        header,
        line(12, ['Sodium', 40], ['141', 200], ['mmol/L', 260], ['136-145', 320]),
        line(24, ['Alanine', 40]),
        line(30, ['52 H', 200], ['U/L', 260], ['7-40', 320]),
        line(36, ['Aminotransferase', 40]),
        line(48, ['Mean', 40]),
        line(60, ['Corpuscular', 40], ['91.2', 200], ['fL', 260], ['80-100', 320]),
        line(72, ['Volume', 40]),
        line(84, ['Glucose', 40], ['88', 200], ['mg/dL', 260], ['70-99', 320]),
      ]),
    ).toEqual([
      ['Sodium', 141],
      ['Alanine Aminotransferase', 52],
      ['Mean Corpuscular Volume', 91.2],
      ['Glucose', 88],
    ]);
  });

  it('reads a header whose long heading wrapped above and below the line of the short ones', () => {
    const rows = collectSections(
      [
        line(0, ['Reference', 320]),
        line(6, ['Test', 40], ['Result', 200], ['Units', 260]),
        line(12, ['Interval', 320]),
        line(24, ['Urine Protein', 40], ['Negative', 200], ['Negative', 320]),
        line(36, ['Urine pH', 40], ['6.0', 200], ['5.0-8.0', 320]),
      ],
      false,
      isResultRow,
      nameContinues,
    ).flatMap((s) => s.rows);
    expect(rows.map((r) => [r.name, r.value, r.unit, r.range])).toEqual([
      ['Urine Protein', 'Negative', null, 'Negative'],
      ['Urine pH', 6, null, '5.0-8.0'],
    ]);
  });

  it('keeps a heading above a row as the section, not as part of the name', () => {
    const sections = collectSections(
      [
        line(0, ['CHEMISTRY', 40]),
        line(12, ['Sodium', 40], ['141', 200], ['mmol/L', 260], ['136-145', 320]),
        line(24, ['Potassium', 40], ['4.1', 200], ['mmol/L', 260], ['3.5-5.1', 320]),
      ],
      false,
      isResultRow,
      nameContinues,
    );
    expect(sections.map((s) => [s.name, s.rows.map((r) => r.name)])).toEqual([
      ['CHEMISTRY', ['Sodium', 'Potassium']],
    ]);
  });
});

const ocrLine = (y: number, ...cells: [string, number][]): LayoutLine => ({
  page: 0,
  y,
  size: 20,
  cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 10, confidence: 0.9 })),
});

describe('collectSections on OCR lines', () => {
  it('keeps a heading over its rows when a stray mark sits on a line of its own between them', () => {
    // OCR reads a flag printed a little off its row's baseline as a line of its own.
    const lines = [
      ocrLine(100, ['Haematology', 100]),
      ocrLine(150, ['Haemoglobin', 100], ['13.5', 600], ['g/dL', 800]),
      ocrLine(250, ['Lipid Profile', 100]),
      ocrLine(270, ['*', 1600]),
      ocrLine(290, ['Triglyceride', 100], ['1.2', 600], ['mmol/L', 800]),
    ];
    const sections = collectSections(lines, false, () => true);
    expect(sections.map((s) => [s.name, s.rows.map((r) => r.name)])).toEqual([
      ['Haematology', ['Haemoglobin']],
      ['Lipid Profile', ['Triglyceride']],
    ]);
  });
});
