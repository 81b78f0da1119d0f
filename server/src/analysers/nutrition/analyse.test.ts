/** Recognisers in order, and failure reasons that say what was tried and how to get a result. */
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../../../test/support/pdfs.ts';
import { createNutritionAnalyser } from './index.ts';

const blankOcr = () => ({
  recognise: async () => ({ width: 1, height: 1, boxes: [] }),
  terminate: async () => {},
});
const analyser = createNutritionAnalyser({ ocr: blankOcr });
const run = (options: Record<string, unknown>) =>
  analyser.analyse({ kind: 'nutrition', bytes: tinyPng, mimeType: 'image/png', filename: null, options });

describe('nutrition analysis', () => {
  it('uses the hints first: ingredients, else the dish name as one food', async () => {
    const withIngredients = await run({ dish_name: 'lunch', ingredients: '2 eggs, 1 slice white bread' });
    expect(withIngredients).toMatchObject({
      ok: true,
      result: { dish_name: 'lunch', recognised_by: 'hints' },
    });
    // 2 × "medium" egg (44 g) + 1 slice (28 g) of SR24 white bread
    expect((withIngredients as any).result.serving_size).toBe(116);
    const byName = await run({ dish_name: 'banana' });
    expect(byName).toMatchObject({ ok: true, result: { serving_size: 118, nutri_score: 'A' } });
  });

  it('fails saying what was tried and how to get a result', async () => {
    const outcome = await run({});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'food_not_recognised' } });
    const message = outcome.ok ? '' : outcome.error.message;
    for (const part of [
      'no hints were sent',
      'nutrition-facts label',
      'the offline photo detector is off (DOCKET_FOOD_DETECTOR=off)',
      'no vision endpoint is configured (DOCKET_VISION_URL)',
      '"ingredients"',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('fails on hints the table cannot place rather than guessing', async () => {
    const outcome = await run({ ingredients: '200 g unobtainium' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'food_not_found' } });
  });
});

describe('a description as the only hint', () => {
  it('is read leniently: words that name no food are left out, and said so', async () => {
    const outcome = await run({
      description: 'chicken breast, grilled with romaine lettuce, parmesan cheese',
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as any;
    expect(result.ingredients.map((i: any) => i.name)).toEqual([
      'chicken breast',
      'romaine lettuce',
      'parmesan cheese',
    ]);
    expect(result.dish_description).toContain('left out: grilled');
  });
});
