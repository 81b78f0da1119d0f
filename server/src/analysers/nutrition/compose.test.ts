import { beforeAll, describe, expect, it } from 'vitest';
import { composeDish } from './compose.ts';
import { type FoodTable, loadFoodTable } from './food-table.ts';
import { createFoodMatcher, type FoodMatcher } from './match.ts';
import { ALIASES } from './synonyms.ts';

let table: FoodTable;
let matcher: FoodMatcher;
beforeAll(() => {
  table = loadFoodTable();
  matcher = createFoodMatcher(table);
});

const dish = (ingredients: string) =>
  composeDish(
    {
      kind: 'dish',
      source: 'hints',
      dishName: null,
      description: null,
      foods: ingredients.split(', ').map((text) => ({ text })),
    },
    matcher,
  );

describe('the IFCT 2017 table beside SR24', () => {
  it('is asked for the foods SR24 does not know, SR24 first for the ones it does', () => {
    expect(table.tables).toEqual(['USDA SR24', 'IFCT 2017']);
    const found = (name: string) => {
      const match = matcher.match(name);
      return match ? `${match.food.table} ${match.food.id}` : null;
    };
    expect(found('ragi')).toBe('IFCT 2017 A010');
    expect(found('paneer')).toBe('IFCT 2017 L003');
    // SR24 has coconut oil and corrects "brocoli" as before: IFCT never takes over an SR24 name.
    expect(found('coconut oil')).toBe('USDA SR24 04047');
    expect(found('brocoli')).toBe('USDA SR24 11090');
    // IFCT's oils carry energy 0; the shipped table has it recomputed: 37 kJ/g × 100 g = 884 kcal.
    expect(table.byId('T001')?.per100g.energy_kcal).toBeCloseTo(884.3, 1);
  });

  it('computes a dish from IFCT figures, and asks for grams where IFCT has no household measure', () => {
    const outcome = dish('100 g ragi');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const [ragi] = outcome.result.ingredients;
    expect(ragi?.matched_food).toBe('IFCT 2017 A010: Ragi');
    expect(outcome.result.nutritional_fields.energy_kcal).toBe(
      Math.round(table.byId('A010')?.per100g.energy_kcal ?? Number.NaN),
    );
    expect(outcome.result.nutri_score).toMatch(/^[A-E]$/);
    const cup = dish('1 cup ragi');
    expect(cup).toMatchObject({ ok: false, error: { code: 'portion_unknown' } });
  });
});

describe('food table and look-up', () => {
  it('ships the whole SR24 table and every alias names a food in it', () => {
    expect(table.foods.length).toBeGreaterThan(8000);
    for (const [name, id] of Object.entries(ALIASES)) expect(table.byId(id), `${name} → ${id}`).toBeDefined();
  });

  it('matches everyday names, synonyms and misspellings, and refuses what it does not know', () => {
    const id = (name: string) => matcher.match(name)?.food.id ?? null;
    expect(id('grilled chicken breast')).toBe('05064');
    expect(id('strawberries')).toBe('09316');
    expect(id('brocoli')).toBe('11090'); // fuzzy
    expect(matcher.match('brocoli')?.via).toBe('fuzzy');
    expect(id('parmesean cheese')).toBe('01032');
    expect(matcher.match('orange juice')?.food.name).toMatch(/^Orange juice/);
    expect(matcher.match('baked salmon')?.food.name).toMatch(/^Fish, salmon/);
    expect(id('zorblax')).toBeNull();
    // the table food must be what is named, not something the name mentions
    expect(id('caesar salad')).toBeNull();
  });
});

describe('dish composition', () => {
  it('sums ingredients by grams from the table (seed 001 example: 150 g grilled chicken breast)', () => {
    const out = dish('150 g grilled chicken breast, 2 cups romaine');
    if (!out.ok) throw new Error(out.error.message);
    const [chicken, romaine] = out.result.ingredients;
    // SR24 05064 per 100 g: 165 kcal, 31.02 g protein, 3.57 g fat → ×1.5
    expect(chicken?.nutritional_fields).toMatchObject({
      energy_kcal: 248,
      protein_g: 46.5,
      fat_total_g: 5.4,
    });
    // 2 cups of romaine: SR24's household measure "1 cup shredded" = 47 g
    expect(romaine).toMatchObject({ serving_size: 94, portion: expect.stringContaining('cup shredded') });
    expect(out.result.serving_size).toBe(244);
    // 165 × 1.5 = 247.5 plus romaine's 17 kcal per 100 g × 0.94 = 15.98: 263.48 → 263 (the dish sums
    // unrounded parts, so it is not 248 + 16)
    expect(out.result.nutritional_fields.energy_kcal).toBe(263);
    expect(out.result.nutri_score_details).toMatchObject({ estimate: true, category: 'general' });
    expect(out.result.nutri_score).toMatch(/^[A-E]$/);
  });

  it('a single food is not an estimate; oils use the fats table', () => {
    const out = dish('1 tbsp olive oil');
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.serving_size).toBe(13.5);
    expect(out.result.nutri_score_details).toMatchObject({
      category: 'fats_oils_nuts_seeds',
      estimate: false,
    });
  });

  it('fails naming the food it cannot find or the unit it cannot weigh', () => {
    const unknown = dish('100 g chicken breast, 2 zorblax');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'food_not_found' } });
    if (!unknown.ok) expect(unknown.error.message).toContain('"zorblax"');
    const unweighable = dish('3 cans olive oil');
    expect(unweighable).toMatchObject({ ok: false, error: { code: 'portion_unknown' } });
    if (!unweighable.ok) expect(unweighable.error.message).toContain('give grams');
  });
});

describe('labels', () => {
  it('scores a beverage label per 100 ml, and gives the serving as printed', async () => {
    const { composeLabel } = await import('./compose.ts');
    const result = composeLabel(
      {
        kind: 'label',
        source: 'label',
        // cola-like: energy 180 kJ → 3, sugars 10.6 → 9; no fibre declared (no points)
        per100g: {
          energy_kj: 180,
          energy_kcal: 43,
          fat_total_g: 0,
          fat_saturated_g: 0,
          carbohydrate_g: 10.6,
          sugars_total_g: 10.6,
          protein_g: 0,
          salt_g: 0.01,
        },
        perServing: null,
        servingGrams: null,
        unit: 'ml',
        warnings: [],
      },
      null,
    );
    expect(result).toMatchObject({
      serving_size: 100,
      unit: 'ml',
      nutri_score: 'E',
      nutri_score_details: { category: 'beverage', score: 12, estimate: true },
    });
  });
});
