import { describe, expect, it } from 'vitest';
import type { LayoutLine, PageLayout } from '../layout/types.ts';
import type { LineReading, OcrEngine, PixelBox } from '../ocr/engine.ts';
import {
  acceptReading,
  cleanNumberCell,
  doubtfulNumberCell,
  mergeReadings,
  rereadDoubtfulCells,
} from './reread-cells.ts';

const cell = (text: string, confidence: number, x0 = 0) => ({ text, confidence, x0, x1: x0 + 100 });

describe('the second reading of number cells', () => {
  it('calls clean a number, a comparator, a flagged number, an interval, and a value with both', () => {
    for (const t of [
      '4.7',
      '<0,5',
      '≥40',
      '11.2 H',
      '(3,5 - 5,1)',
      '[150,000-400,000]',
      '34 *',
      '0.59 L 0.8-1.2',
    ])
      expect(cleanNumberCell(t), t).toBe(true);
    for (const t of ['3,5=5,1', '(2:5="-7.8)', '1:15 *', '14.8.', '42:54', '4.6 355.1'])
      expect(cleanNumberCell(t), t).toBe(false);
  });

  it('reads again unsure or unclean number cells, never units, words or dates', () => {
    expect(doubtfulNumberCell(cell('(2:5="-7.8)', 0.9))).toBe(true);
    expect(doubtfulNumberCell(cell('3,551', 0.22))).toBe(true);
    expect(doubtfulNumberCell(cell('37x', 0.26))).toBe(true);
    expect(doubtfulNumberCell(cell('4.7', 0.96))).toBe(false);
    expect(doubtfulNumberCell(cell('mmol/L', 0.2))).toBe(false);
    expect(doubtfulNumberCell(cell('U/1', 0.4))).toBe(false);
    expect(doubtfulNumberCell(cell('05.03.2025 09:17', 0.5))).toBe(false);
  });

  it('merges two readings with the same digits: the dashes of the second, the decimal marks of the first', () => {
    expect(mergeReadings('3,551', '3,5-5,1')).toBe('3,5-5,1');
    expect(mergeReadings('4.6 355.1', '46 35-51')).toBe('4.6 35-5.1');
    expect(mergeReadings('0.59 L 0.8-1.2', '059L 08-12')).toBe('0.59L 0.8-1.2');
    expect(mergeReadings('1,021', '1.021')).toBe('1,021');
    // An arrow read as `1` beside its value stays apart: the second reading never glues tokens.
    expect(mergeReadings('9,4 1 5.0-8,0', '941 5.0-8,0')).toBe('9,4 1 5.0-8,0');
    expect(mergeReadings('143', '1')).toBeNull();
  });

  it('takes a second reading only where it says something new and clean', () => {
    expect(acceptReading(cell('(2:5="-7.8)', 0.1), { text: '(2.5-7.8)', confidence: 0.6 })).toBe('(2.5-7.8)');
    expect(acceptReading(cell('3,551', 0.22), { text: '3,5-5,1', confidence: 0.8 })).toBe('3,5-5,1');
    expect(acceptReading(cell('1.5 «5', 0.39), { text: '1,5 <5', confidence: 0.85 })).toBe('1.5 <5');
    expect(acceptReading(cell('(2:5="-7.8)', 0.1), { text: '(2.5=7.8', confidence: 0.9 })).toBeNull();
    expect(acceptReading(cell('0.37', 0.5), { text: '037', confidence: 0.9 })).toBeNull();
    expect(acceptReading(cell('12', 0.3), { text: '', confidence: 0 })).toBeNull();
    // Other digits: never over a clean first reading (a flag or a neighbour caught in the crop).
    expect(acceptReading(cell('143', 0.7), { text: '1', confidence: 0.9 })).toBeNull();
    expect(acceptReading(cell('3.11', 0.7), { text: '3.111', confidence: 0.9 })).toBeNull();
    // Over an unclean one, a sure reading with about as many digits.
    expect(acceptReading(cell('37x', 0.26), { text: '37.1', confidence: 0.8 })).toBe('37.1');
    expect(acceptReading(cell('37x', 0.26), { text: '37.1', confidence: 0.3 })).toBeNull();
    expect(acceptReading(cell('28,0 1 (40-75)', 0.5), { text: '280 (40-75)', confidence: 0.6 })).toBeNull();
    expect(acceptReading(cell('1,77: 51;0', 0), { text: '117-3139', confidence: 0.2 })).toBeNull();
  });

  it('replaces only doubtful cells of result lines, with the engine reading their pixel boxes', async () => {
    const line = (y: number, ...cells: ReturnType<typeof cell>[]): LayoutLine => ({
      page: 0,
      y,
      size: 30,
      cells,
    });
    const page: PageLayout = {
      page: 0,
      width: 1000,
      height: 1000,
      lines: [
        line(100, cell('Urea', 0.96, 50), cell('6.4', 0.96, 300), cell('(2:5="-7.8)', 0.1, 500)),
        line(150, cell('Glucose', 0.96, 50), cell('Sede"', 0.1, 300), cell('3.9-5.5', 0.9, 500)),
        line(200, cell('05.03.2025', 0.5, 50), cell('(2:5="-7.8)', 0.1, 500)),
      ],
      pixels: { data: new Uint8Array(1000 * 1000), width: 1000, height: 1000, skew: 0 },
    };
    const asked: PixelBox[] = [];
    const engine: OcrEngine = {
      recognise: () => Promise.reject(new Error('not used')),
      async readLines(_pixels, boxes): Promise<LineReading[]> {
        asked.push(...boxes);
        return boxes.map(() => ({ text: '(2.5-7.8)', confidence: 0.8 }));
      },
      terminate: async () => {},
    };
    const [out] = await rereadDoubtfulCells([page], () => engine);
    // Only the interval of the Urea row: `Sede"` has words, `3.9-5.5` is sure and clean, and the
    // third line starts with no name.
    expect(asked).toHaveLength(1);
    expect(asked[0]!.x0).toBeLessThan(500);
    expect(asked[0]!.y1).toBeGreaterThanOrEqual(100);
    expect(out!.lines[0]!.cells[2]).toMatchObject({ text: '(2.5-7.8)', confidence: 0.8 });
    expect(out!.lines[1]).toEqual(page.lines[1]);
    expect(page.lines[0]!.cells[2]!.text).toBe('(2:5="-7.8)');
  });

  it('leaves pages without pixels (text layers) alone and never starts an engine for them', async () => {
    const page: PageLayout = {
      page: 0,
      width: 600,
      height: 800,
      lines: [{ page: 0, y: 100, size: 10, cells: [cell('Urea', 0.5), cell('(2:5="-7.8)', 0.1, 300)] }],
    };
    const out = await rereadDoubtfulCells([page], () => {
      throw new Error('no engine for text pages');
    });
    expect(out[0]).toBe(page);
  });
});
