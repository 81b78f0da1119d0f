/** Labels rendered by the test (several layouts, per 100 g / 100 ml / per serving) read through real OCR. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  EU_PER_100ML,
  EU_TWO_COLUMNS,
  LABELS,
  labelPhoto,
  scoreLabel,
  US_PANEL,
} from '../../../test/fixtures/nutrition/labels.ts';
import { readDocument } from '../layout/read-document.ts';
import { createTesseractEngine } from '../ocr/tesseract.ts';
import { parseLabel } from './label.ts';
import { rawAmounts } from './label-readings.ts';

const engine = createTesseractEngine();
afterAll(() => engine.terminate());

async function read(photo: Buffer, mime: string) {
  const layout = await readDocument(photo, mime, () => engine);
  return parseLabel(layout.pages.flatMap((p) => p.lines));
}

describe('nutrition-facts labels', () => {
  for (const fixture of LABELS) {
    it(`reads ${fixture.name}`, async () => {
      const label = await read(await labelPhoto(fixture), 'image/png');
      expect(label, 'a label was recognised').not.toBeNull();
      expect(label?.unit).toBe(fixture.printed.unit);
      expect(label?.servingGrams).toBe(fixture.printed.servingGrams);
      const per100 = scoreLabel(fixture.printed.per100g, label?.per100g ?? null);
      const serving = scoreLabel(fixture.printed.perServing, label?.perServing ?? null);
      // OCR drops some figures outright and garbles others past repair, differently between machines
      // (on the development machine tesseract loses the two-column scan's whole energy row and returns
      // six of its figures below the confidence the OCR module keeps): such a figure may be missing,
      // with a warning when it was read at all, but none may be wrong.
      expect([...per100.wrong, ...serving.wrong]).toEqual([]);
      expect((per100.right + serving.right) / (per100.total + serving.total)).toBeGreaterThanOrEqual(0.4);
      for (const warning of label?.warnings ?? []) expect(warning).toMatch(/left out$/);
    }, 180_000);
  }

  it('reads a tilted JPEG photo of a two-column label', async () => {
    const label = await read(await labelPhoto(EU_TWO_COLUMNS, 'photo'), 'image/jpeg');
    const score = scoreLabel(EU_TWO_COLUMNS.printed.per100g, label?.per100g ?? null);
    // A tilted JPEG reads less cleanly than a flat scan: most fields, and nothing invented.
    expect(score.right / score.total).toBeGreaterThanOrEqual(0.75);
    expect(score.wrong).toEqual([]);
  }, 180_000);

  it('derives kcal from kJ alone, and keeps the figure the macronutrients support when they disagree', () => {
    const line = (...cells: string[]) => ({
      page: 0,
      y: 0,
      size: 10,
      cells: cells.map((text) => ({ text, x0: 0, x1: 1, confidence: 1 })),
    });
    const onlyKj = parseLabel([
      line('per 100 g'),
      line('Energy', '1000 kJ'),
      line('Fat', '10 g'),
      line('Protein', '5 g'),
      line('Carbohydrate', '30 g'),
    ]);
    expect(onlyKj?.per100g?.energy_kcal).toBeCloseTo(239, 0);
    // 4×5 + 4×30 + 9×10 = 230 kcal: "2300 kJ" is the misprint (or misread); 230 kcal is kept
    const clash = parseLabel([
      line('per 100 g'),
      line('Energy', '2300 kJ / 230 kcal'),
      line('Fat', '10 g'),
      line('Protein', '5 g'),
      line('Carbohydrate', '30 g'),
    ]);
    expect(clash?.per100g?.energy_kcal).toBe(230);
    expect(clash?.warnings.join()).toMatch(/disagree; kcal kept/);
  });

  it('reads "per 100 ml" through the OCR slips that turn its l into i, 1 or |', () => {
    const line = (...cells: string[]) => ({
      page: 0,
      y: 0,
      size: 10,
      cells: cells.map((text) => ({ text, x0: 0, x1: 1, confidence: 1 })),
    });
    for (const header of ['per 100 ml', 'per 100 mi', 'per 100 m1', 'per 100 m|']) {
      const label = parseLabel([
        line('', header),
        line('Energy (kcal)', '43'),
        line('Fat', '0 g'),
        line('Carbohydrate', '10.6 g'),
        line('Protein', '0 g'),
        line('Salt', '0.01 g'),
      ]);
      expect(label, header).toMatchObject({ unit: 'ml', per100g: { energy_kcal: 43, carbohydrate_g: 10.6 } });
    }
    const grams = parseLabel([
      line('', 'per 100 g'),
      line('Energy (kcal)', '43'),
      line('Fat', '0 g'),
      line('Carbohydrate', '10.6 g'),
      line('Protein', '0 g'),
    ]);
    expect(grams?.unit).toBe('g');
  });

  it('flags a per-serving column that does not follow from per 100 g', () => {
    const line = (...cells: string[]) => ({
      page: 0,
      y: 0,
      size: 10,
      cells: cells.map((text) => ({ text, x0: 0, x1: 1, confidence: 1 })),
    });
    const label = parseLabel([
      line('Per 100 g', 'Per serving (50 g)'),
      line('Energy', '400 kJ / 96 kcal', '200 kJ / 48 kcal'),
      line('Fat', '2 g', '5 g'),
      line('Protein', '4 g', '2 g'),
      line('Carbohydrate', '15 g', '7.5 g'),
    ]);
    expect(label?.warnings.join()).toMatch(/fat_total_g do not match/);
  });

  it('is not fooled by text that is not a label, and skips daily-value percentages', () => {
    const line = (text: string) => ({
      page: 0,
      y: 0,
      size: 10,
      cells: [{ text, x0: 0, x1: 1, confidence: 1 }],
    });
    expect(parseLabel([line('Grilled chicken caesar salad'), line('Enjoy!')])).toBeNull();
    expect(rawAmounts('Total Fat 12g 15%').map((a) => a.digits)).toEqual(['12']);
    expect(US_PANEL.printed.perServing?.energy_kcal).toBe(250);
    expect(EU_PER_100ML.printed.unit).toBe('ml');
  });
});
