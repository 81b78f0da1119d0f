import { describe, expect, it } from 'vitest';
import type { LayoutLine, PageLayout } from '../layout/types.ts';
import { findColumnSplit, splitTwoColumnPage } from './page-columns.ts';

/** A line of cells given as `[text, x0]`, each cell 120 px wide, as OCR reads it. */
function line(y: number, cells: [string, number][]): LayoutLine {
  return {
    page: 0,
    y,
    size: 30,
    cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + 120, confidence: 0.9 })),
  };
}

function page(lines: LayoutLine[]): PageLayout {
  return { page: 0, width: 2000, height: 2800, lines };
}

describe('findColumnSplit', () => {
  it('splits a page printed as two tables side by side', () => {
    const rows: [string, string][] = [
      ['Sodium', 'Glucose'],
      ['Potassium', 'Urea'],
      ['Chloride', 'Creatinine'],
      ['Calcium', 'Albumin'],
    ];
    const p = page(
      rows.map(([left, right], i) =>
        line(100 + i * 40, [
          [left, 100],
          ['140', 400],
          ['mmol/L', 600],
          [right, 1100],
          ['5.2', 1400],
          ['mmol/L', 1600],
        ]),
      ),
    );
    expect(findColumnSplit(p)).not.toBeNull();
    const split = splitTwoColumnPage(p);
    expect(split.lines.map((l) => l.cells[0]!.text)).toEqual([
      ...rows.map((r) => r[0]),
      ...rows.map((r) => r[1]),
    ]);
  });

  it('keeps one table whole when OCR turned a few cells of its unit column into words', () => {
    // Name | interval | unit | value: the unit column is aligned like a second table's names, and
    // a garbled unit (`MAL` for `M/µL`, `wdl` for `g/dl`) reads as a name with a value after it.
    const units = ['mmol/L', 'MAL', '%', 'wdl', 'mg/dL', 'x10M/L', 'mmol/L', 'g/L', '%', 'TUL'];
    const p = page(
      units.map((unit, i) =>
        line(100 + i * 40, [
          [`Test number ${i}`, 100],
          ['20-45', 800],
          [unit, 1180],
          ['4.7', 1430],
        ]),
      ),
    );
    expect(findColumnSplit(p)).toBeNull();
    expect(splitTwoColumnPage(p)).toBe(p);
  });
});
