/** Candidate readings of OCR'd label figures, on misreadings typed by hand. */
import { describe, expect, it } from 'vitest';
import { fitsLabelRounding, massReadings, rawAmounts, repairUnambiguous } from './label-readings.ts';

const values = (field: Parameters<typeof massReadings>[0], text: string, rowUnit: string | null = null) => {
  const [amount] = rawAmounts(text);
  if (!amount) throw new Error(`no figure in ${text}`);
  return massReadings(field, amount, rowUnit).map((r) => r.value);
};

describe('label figure readings', () => {
  it('repairs the slips that have one reading: ¢ and q for g, O for 0, a g read twice', () => {
    expect(repairUnambiguous('95¢')).toBe('95 g');
    expect(repairUnambiguous('0.45¢g')).toBe('0.45 g');
    expect(repairUnambiguous('Og')).toBe('0g');
    expect(repairUnambiguous('O.5 g')).toBe('0.5 g');
    expect(repairUnambiguous('12q')).toBe('12 g');
    expect(repairUnambiguous('10.6 9g')).toBe('10.6 g');
    expect(repairUnambiguous('1l.5 g')).toBe('11.5 g');
    expect(repairUnambiguous('1S80 kJ')).toBe('1580 kJ');
    // Letters that are not between digits stay letters.
    expect(repairUnambiguous('Salt 1 g')).toBe('Salt 1 g');
  });

  it('finds figures and their units, skipping percentages', () => {
    expect(rawAmounts('Total Fat 12g 15%')).toEqual([{ digits: '12', unit: 'g', text: '12g' }]);
    expect(rawAmounts('1580 kJ / 374 kcal').map((a) => a.unit)).toEqual(['kj', 'kcal']);
    expect(rawAmounts('0,45 g')[0]?.digits).toBe('0.45');
  });

  it('reads a trailing 9 as the unit g, cheapest when the figure has no unit of its own', () => {
    expect(values('fat_total_g', '1.09')[0]).toBe(1);
    expect(values('fat_total_g', '1.09')).toContain(1.09);
    // "12g" read "129g": the figure as printed comes first, the g read twice is the alternative.
    expect(values('fat_total_g', '129g').slice(0, 2)).toEqual([129, 12]);
  });

  it('puts back a lost decimal point, also together with a 9 read for g', () => {
    // Two digits lose one point ("9.5"); "0.95" would have lost a zero as well.
    expect(values('fiber_total_dietary_g', '95 g')).toEqual([95, 9.5]);
    // "3.4 g" read "349": 34 g (9 for g), 3.4 g (and the point lost), 34.9 or 3.49 (point lost).
    expect(values('fat_total_g', '349')).toEqual(expect.arrayContaining([349, 34, 3.4, 34.9, 3.49]));
    expect(values('fat_saturated_g', '06g')).toContain(0.6);
  });

  it('converts to the field unit and takes the row unit when the figure has none', () => {
    expect(values('sodium_mg', '0.2 g')[0]).toBeCloseTo(200);
    expect(values('sodium_mg', '470', 'mg')[0]).toBe(470);
    // With the unit given by the row, a trailing 9 is a digit.
    expect(values('protein_g', '119', 'g')).not.toContain(11);
  });

  it('knows the usual rounding of labels', () => {
    expect(fitsLabelRounding('fat_total_g', 3.4, 'g', 1)).toBe(true);
    expect(fitsLabelRounding('fat_total_g', 3.49, 'g', 2)).toBe(false);
    expect(fitsLabelRounding('carbohydrate_g', 70.9, 'g', 1)).toBe(false);
    expect(fitsLabelRounding('salt_g', 0.45, 'g', 2)).toBe(true);
    expect(fitsLabelRounding('salt_g', 0.019, 'g', 3)).toBe(false);
    expect(fitsLabelRounding('sodium_mg', 470, 'mg', 0)).toBe(true);
  });
});
