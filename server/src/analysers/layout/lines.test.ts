import { describe, expect, it } from 'vitest';
import { boxesToLines, linesToText } from './lines.ts';
import type { TextBox } from './types.ts';

const box = (text: string, x0: number, y: number, size = 10): TextBox => ({
  text,
  x0,
  x1: x0 + text.length * size * 0.5,
  y,
  size,
  confidence: 1,
});

describe('boxesToLines', () => {
  it('groups boxes into lines by baseline and cells by column gaps', () => {
    const lines = boxesToLines(
      [
        box('Sodium', 40, 100),
        box('140', 250, 100.5),
        box('mmol/L', 330, 99.8),
        box('Potassium', 40, 115),
        box('4.1', 250, 115),
      ],
      0,
    );
    expect(lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ['Sodium', '140', 'mmol/L'],
      ['Potassium', '4.1'],
    ]);
  });

  it('joins words separated by ordinary spaces into one cell', () => {
    const lines = boxesToLines([box('Total', 40, 100), box('Cholesterol', 68, 100)], 0);
    expect(lines[0]!.cells.map((c) => c.text)).toEqual(['Total Cholesterol']);
  });

  it('renders layout-preserving text', () => {
    const text = linesToText(boxesToLines([box('A', 0, 10), box('B', 90, 10)], 0));
    expect(text).toBe(`A${' '.repeat(19)}B`);
  });
});
