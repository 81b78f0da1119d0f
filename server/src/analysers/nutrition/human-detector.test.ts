/**
 * The real photo detector (CenterNet weights from the `@vladmandic/human` package, tfjs wasm) on
 * photos the tests compose themselves. Slow (the model loads once, ≈ 2 s; a photo ≈ 0.5–2 s), so
 * kept to two cases through the whole analyser.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { orangesPhoto, textPagePhoto } from '../../../test/fixtures/nutrition/food-photos.ts';
import { loadFoodTable } from './food-table.ts';
import { createNutritionAnalyser } from './index.ts';

/** OCR that reads nothing: these photos hold no label, and real OCR would cost seconds. */
const blankOcr = () => ({
  recognise: async () => ({ width: 1, height: 1, boxes: [] }),
  terminate: async () => {},
});
const analyser = createNutritionAnalyser({
  ocr: blankOcr,
  detector: { order: 'before-vision', minConfidence: 0.3 },
});
afterAll(() => analyser.close());

const analyse = (bytes: Uint8Array) =>
  analyser.analyse({ kind: 'nutrition', bytes, mimeType: 'image/png', filename: null, options: {} });

describe('the CenterNet photo detector', () => {
  it('recognises two oranges and takes their nutrients from the table', { timeout: 120_000 }, async () => {
    const outcome = await analyse(orangesPhoto());
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as any;
    expect(result.recognised_by).toBe('photo detector');
    expect(result.ingredients).toHaveLength(1);
    // SR24 09200 "Oranges, raw": 1 fruit (2-5/8" dia) = 131 g, one per detected orange.
    expect(result.ingredients[0]).toMatchObject({ name: 'orange', serving_size: 262, unit: 'g' });
    expect(result.ingredients[0].matched_food).toBe(
      'USDA SR24 09200: Oranges, raw, all commercial varieties',
    );
    expect(result.ingredients[0].portion).toMatch(
      /detected 2 × by the photo detector at \d+ %, \d+ % confidence/,
    );
    const perGram = (loadFoodTable().byId('09200')?.per100g.energy_kcal ?? Number.NaN) / 100;
    expect(result.nutritional_fields.energy_kcal).toBeCloseTo(perGram * 262, 0);
    expect(result.dish_description).toContain('offline detector (CenterNet');
    expect(result.nutri_score).toBe('A');
  });

  it('finds no food on a page of text, and the failure says what was tried', {
    timeout: 120_000,
  }, async () => {
    const outcome = await analyse(await textPagePhoto());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'food_not_recognised' } });
    const message = outcome.ok ? '' : outcome.error.message;
    expect(message).toContain('no hints were sent');
    expect(message).toContain('no nutrition-facts label could be read');
    expect(message).toMatch(
      /the photo detector \(CenterNet.*\) found none of the foods it knows \(banana, apple/,
    );
    expect(message).toContain('no vision endpoint is configured');
  });
});
