import { describe, expect, it } from 'vitest';
import type { LayoutLine } from '../layout/types.ts';
import { collectSections } from './sections.ts';

const line = (y: number, ...cells: [string, number][]): LayoutLine => ({
  page: 0,
  y,
  size: 20,
  cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 10, confidence: 0.9 })),
});

describe('collectSections', () => {
  it('keeps a heading over its rows when a stray mark sits on a line of its own between them', () => {
    // OCR reads a flag printed a little off its row's baseline as a line of its own.
    const lines = [
      line(100, ['Haematology', 100]),
      line(150, ['Haemoglobin', 100], ['13.5', 600], ['g/dL', 800]),
      line(250, ['Lipid Profile', 100]),
      line(270, ['*', 1600]),
      line(290, ['Triglyceride', 100], ['1.2', 600], ['mmol/L', 800]),
    ];
    const sections = collectSections(lines, false, () => true);
    expect(sections.map((s) => [s.name, s.rows.map((r) => r.name)])).toEqual([
      ['Haematology', ['Haemoglobin']],
      ['Lipid Profile', ['Triglyceride']],
    ]);
  });
});
