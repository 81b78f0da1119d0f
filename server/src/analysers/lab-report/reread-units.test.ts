import { describe, expect, it } from 'vitest';
import { acceptUnitReading, doubtfulUnitCell } from './reread-units.ts';

const cell = (text: string, confidence: number) => ({ text, confidence, x0: 0, x1: 100 });

describe('the second reading of unit cells', () => {
  it('reads again unsure short cells with a unit, never names, prose, dates or sure cells', () => {
    expect(doubtfulUnitCell(cell('U/L', 0.6))).toBe(true);
    expect(doubtfulUnitCell(cell('73 UL (H)', 0.48))).toBe(true);
    expect(doubtfulUnitCell(cell('U/L', 0.9))).toBe(false);
    expect(doubtfulUnitCell(cell('Résultat', 0.3))).toBe(false);
    expect(doubtfulUnitCell(cell('Geburtsdatum: 17-Jul-1977', 0.3))).toBe(false);
    expect(doubtfulUnitCell(cell('12.5', 0.3))).toBe(false);
  });

  it('keeps a surer reading that only turns words into known units, its numbers unchanged', () => {
    expect(acceptUnitReading(cell('U/L', 0.62), { text: 'IU/L', confidence: 0.8 })).toBe('IU/L');
    expect(acceptUnitReading(cell('73 UL (H)', 0.48), { text: '73 IU/L (H)', confidence: 0.86 })).toBe(
      '73 IU/L (H)',
    );
    // Less sure, other numbers, or a word that is no unit: the first reading stays.
    expect(acceptUnitReading(cell('U/L', 0.62), { text: 'IU/L', confidence: 0.5 })).toBeNull();
    expect(acceptUnitReading(cell('7.3 UL', 0.48), { text: '73 IU/L', confidence: 0.9 })).toBeNull();
    expect(acceptUnitReading(cell('UL', 0.5), { text: 'ULL', confidence: 0.9 })).toBeNull();
    expect(acceptUnitReading(cell('82 UL', 0.29), { text: '82 UL', confidence: 0.95 })).toBeNull();
    expect(acceptUnitReading(cell('ug/dL', 0.4), { text: 'g/dL', confidence: 0.9 })).toBeNull();
    expect(acceptUnitReading(cell('10^9/L', 0.6), { text: '10*9/L', confidence: 0.9 })).toBeNull();
  });
});
