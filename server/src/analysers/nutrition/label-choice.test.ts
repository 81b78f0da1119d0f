/**
 * Choosing among readings with the label's redundancy, on OCR lines typed by hand the way tesseract
 * misreads labels (figures garbled, cells dropped), with the cells' positions under the headings.
 */
import { describe, expect, it } from 'vitest';
import type { LayoutLine } from '../layout/types.ts';
import { parseLabel } from './label.ts';

/** A line of cells at the given left edges (30 px per character, text size 50 px). */
const row = (...cells: [string, number][]): LayoutLine => ({
  page: 0,
  y: 0,
  size: 50,
  cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + 30 * text.length, confidence: 0.5 })),
});
const L = 120; // row labels
const A = 950; // per 100 g
const B = 1600; // per serving

const header = row(['Per 100 g', A], ['Per serving (30 g)', B]);

describe('choosing OCR readings by the label’s redundancy', () => {
  it('repairs figures the other column and the energy confirm, placing each under its heading', () => {
    const label = parseLabel([
      row(['Nutrition information', L]),
      header,
      row(['Energy', L], ['1580 kJ / 374 kcal', A], ['474 kJ / 112 kcal', B]),
      row(['Fat', L], ['349', A], ['1.09', B]),
      row(['of which saturates', L], ['06g', A], ['0.2g', B]),
      row(['Carbohydrate', L], ['709', A], ['219', B]),
      row(['of which sugars', L], ['12 g', A], ['3.60', B]),
      row(['Fibre', L], ['95¢', A], ['2949', B]),
      row(['Protein', L], ['119', A], ['3.39', B]),
      row(['Salt', L], ['0.45¢g', A], ['0.149', B]),
    ]);
    expect(label?.per100g).toMatchObject({
      energy_kcal: 374,
      fat_total_g: 3.4,
      fat_saturated_g: 0.6,
      carbohydrate_g: 70,
      sugars_total_g: 12,
      fiber_total_dietary_g: 9.5,
      protein_g: 11,
      salt_g: 0.45,
    });
    expect(label?.perServing).toMatchObject({
      fat_total_g: 1,
      fat_saturated_g: 0.2,
      carbohydrate_g: 21,
      sugars_total_g: 3.6,
      protein_g: 3.3,
      salt_g: 0.14,
    });
    // "2949" has no reading a label prints that is 9.5 g × 30 %: left out, not guessed.
    expect(label?.perServing?.fiber_total_dietary_g).toBeUndefined();
    expect(label?.warnings.join('\n')).toMatch(/fiber_total_dietary_g per serving: "2949"/);
  });

  it('puts a figure under its own heading when OCR dropped the one before it', () => {
    const label = parseLabel([
      header,
      row(['Energy', L], ['474 kJ / 112 kcal', B]),
      row(['Fat', L], ['1.0 g', B]),
      row(['Carbohydrate', L], ['70 g', A], ['21 g', B]),
      row(['of which sugars', L], ['12 g', A]),
      row(['Protein', L], ['11 g', A]),
    ]);
    expect(label?.per100g).toMatchObject({ carbohydrate_g: 70, protein_g: 11 });
    expect(label?.per100g?.fat_total_g).toBeUndefined();
    expect(label?.perServing).toMatchObject({ energy_kcal: 112, fat_total_g: 1, carbohydrate_g: 21 });
  });

  it('places figures under a heading merged with the words before it ("Typical values per 100 g")', () => {
    const label = parseLabel([
      row(['Typical values Per 100 g', L], ['Per serving (30 g)', B]),
      row(['Energy', L], ['1580 kJ / 374 kcal', A], ['474 kJ / 112 kcal', B]),
      row(['Fat', L], ['3.4 g', A + 90]),
      row(['Carbohydrate', L], ['70 g', A], ['21 g', B]),
      row(['Protein', L], ['3.3 g', B]),
    ]);
    expect(label?.per100g).toMatchObject({ energy_kcal: 374, fat_total_g: 3.4, carbohydrate_g: 70 });
    expect(label?.perServing).toMatchObject({ energy_kcal: 112, carbohydrate_g: 21, protein_g: 3.3 });
  });

  it('splits an energy cell OCR merged across both columns, one kJ and one kcal per column', () => {
    const label = parseLabel([
      header,
      row(['Energy', L], ['1580 kJ / 374 kcal 474 kJ / 112 kcal', A]),
      row(['Fat', L], ['3.4 g', A], ['1.0 g', B]),
      row(['Carbohydrate', L], ['70 g', A], ['21 g', B]),
      row(['Protein', L], ['11 g', A], ['3.3 g', B]),
    ]);
    expect(label?.per100g).toMatchObject({ energy_kj: 1580, energy_kcal: 374 });
    expect(label?.perServing).toMatchObject({ energy_kj: 474, energy_kcal: 112 });
    expect(label?.warnings).toEqual([]);
  });

  it('leaves out a repair nothing confirms, and says which readings it could not tell apart', () => {
    const label = parseLabel([
      row(['per 100 g', A]),
      row(['Fat', L], ['349', A]),
      row(['Carbohydrate', L], ['30 g', A]),
      row(['Protein', L], ['11 g', A]),
      row(['Salt', L], ['0.5 g', A]),
    ]);
    // No energy, no other column, and 34 g of fat fits beside the rest: "349" could be 34 g or 3.4 g.
    expect(label?.per100g?.fat_total_g).toBeUndefined();
    expect(label?.warnings.join()).toMatch(/fat_total_g per 100 g: "349" could be 34 or 3.4; left out/);
  });

  it('lets the energy decide between readings (Atwater), and the bounds rule out the impossible', () => {
    const label = parseLabel([
      row(['per 100 g', A]),
      row(['Energy', L], ['1580 kJ / 374 kcal', A]),
      row(['Fat', L], ['349', A]),
      row(['Carbohydrate', L], ['70 g', A]),
      row(['Fibre', L], ['95 g', A]),
      row(['Protein', L], ['11 g', A]),
    ]);
    // 9 × 3.4 + 4 × 70 + 4 × 11 + 2 × 9.5 = 374 kcal; 95 g of fibre cannot sit beside 70 g of carbohydrate.
    expect(label?.per100g).toMatchObject({ fat_total_g: 3.4, fiber_total_dietary_g: 9.5 });
    expect(label?.warnings).toEqual([]);
  });

  it('keeps a part within its whole: "129g" of fat is 12 g when the energy says so (US panel)', () => {
    const label = parseLabel([
      row(['Nutrition Facts', L]),
      row(['Serving size 1 cup (2289)', L]),
      row(['Calories', L], ['250', A]),
      row(['Total Fat 129g', L], ['15%', A]),
      row(['Saturated Fat 3g', L], ['15%', A]),
      row(['Total Carbohydrate 319g', L], ['11%', A]),
      row(['Dietary Fiber 2g', L], ['7%', A]),
      row(['Protein 5g', L]),
    ]);
    expect(label?.servingGrams).toBe(228);
    expect(label?.perServing).toMatchObject({ energy_kcal: 250, fat_total_g: 12, carbohydrate_g: 31 });
  });

  it('reads OCR’s "per 100 mi", a garbled energy unit, and a 9 read for g beside the g', () => {
    const label = parseLabel([
      row(['Nutrition information', L]),
      row(['per 100 mi', A]),
      row(['Energy (Kk )', L], ['180', A]),
      row(['Energy (kcal)', L], ['43', A]),
      row(['Fat', L], ['Og', A]),
      row(['Carbohydrate', L], ['10.6 g', A]),
      row(['of which sugars', L], ['10.6 9g', A]),
      row(['Protein', L], ['0g', A]),
      row(['Salt', L], ['0.019', A]),
    ]);
    expect(label?.unit).toBe('ml');
    expect(label?.per100g).toMatchObject({
      energy_kj: 180,
      energy_kcal: 43,
      fat_total_g: 0,
      sugars_total_g: 10.6,
      salt_g: 0.01,
    });
    expect(label?.warnings).toEqual([]);
  });

  it('takes a unitless energy figure beside a kJ figure for the kcal it matches, not for kJ', () => {
    const label = parseLabel([
      row(['per 100 g', A]),
      row(['Energy', L], ['1580 kJ / 374', A]),
      row(['Fat', L], ['3.4 g', A]),
      row(['Carbohydrate', L], ['70 g', A]),
      row(['Protein', L], ['11 g', A]),
    ]);
    expect(label?.per100g).toMatchObject({ energy_kj: 1580, energy_kcal: 374 });
  });

  it('warns of an energy figure whose unit cannot be told, and leaves it out', () => {
    const label = parseLabel([
      row(['per 100 g', A]),
      row(['Energy (Kk )', L], ['180', A]),
      row(['Fat', L], ['1 g', A]),
      row(['Carbohydrate', L], ['10 g', A]),
      row(['Protein', L], ['0 g', A]),
    ]);
    expect(label?.per100g?.energy_kcal).toBeUndefined();
    expect(label?.warnings.join()).toMatch(/energy figure 180 has no readable unit/);
  });
});
