/**
 * Nutri-Score 2023 worked by hand for real SR24 foods, end to end: the table's values per 100 g,
 * the category Docket gives the food, and the points from the published tables (points = number of
 * thresholds the value exceeds; the saturates/fat ratio counts "≥"). Each comment is the arithmetic,
 * from the SR24 values named in it, so a wrong table, category or rule shows as a wrong sum.
 */
import { describe, expect, it } from 'vitest';
import { composeDish, composeLabel } from './compose.ts';
import { loadFoodTable } from './food-table.ts';
import { createFoodMatcher } from './match.ts';
import { FIBRE_UNKNOWN } from './nutri-score.ts';

const matcher = createFoodMatcher(loadFoodTable());

/** One food, 100 g (or ml) of it, as the caller would name it. */
function scoreOf(ingredients: string) {
  const composed = composeDish(
    { kind: 'dish', source: 'hints', dishName: null, description: null, foods: [{ text: ingredients }] },
    matcher,
  );
  if (!composed.ok) throw new Error(composed.error.message);
  const { nutri_score, nutri_score_details, ingredients: parts } = composed.result;
  return { grade: nutri_score, details: nutri_score_details, food: parts[0]?.matched_food };
}

describe('Nutri-Score 2023 of SR24 foods, computed by hand', () => {
  it('olive oil: fats category, and olive oil counts as fruit/vegetable/legume since 2023', () => {
    // SR24 04053 per 100 g: saturates 13.808 g, fat 100 g, sugars 0, sodium 2 mg, protein 0, fibre 0.
    // energy from saturates 13.808 × 37 = 510.9 kJ > 480 → 4; sugars 0 → 0;
    // saturates/fat 13.8 % ≥ 10 → 1; salt 2 × 2.5 = 5 mg = 0.005 g → 0: N = 5.
    // N < 7, so protein counts: 0 → 0; fibre 0 → 0; FVL 100 % > 80 → 5: P = 5. 5 − 5 = 0 → B (fats: A ≤ −6).
    expect(scoreOf('100 g olive oil')).toMatchObject({
      food: expect.stringContaining('04053'),
      grade: 'B',
      details: { category: 'fats_oils_nuts_seeds', score: 0, fruit_veg_legumes_percent: 100 },
    });
    // SR24 04506 sunflower oil: saturates 10.3 g × 37 = 381.1 kJ > 360 → 3; ratio 10.3 % → 1: N = 4.
    // Sunflower oil is not counted as FVL: P = 0; 4 → C.
    expect(scoreOf('100 g sunflower oil')).toMatchObject({ grade: 'C', details: { score: 4 } });
    // SR24 04582 canola (rapeseed) oil: 7.365 × 37 = 272.5 kJ > 240 → 2; ratio 7.4 % → 0: N = 2;
    // FVL 100 % → 5: 2 − 5 = −3 → B.
    expect(scoreOf('100 g canola oil')).toMatchObject({ grade: 'B', details: { score: -3 } });
  });

  it('tap water is the only A beverage', () => {
    expect(scoreOf('250 ml tap water')).toMatchObject({ grade: 'A', details: { category: 'water' } });
  });

  it('a diet cola: beverage tables and 4 points for its sweetener', () => {
    // SR24 14416 (low calorie, with aspartame) per 100 g: 2 kcal = 8.4 kJ → 0; sugars 0 → 0;
    // saturates 0 → 0; salt 8 mg × 2.5 = 0.02 g → 0; non-nutritive sweetener → 4: N = 4.
    // protein 0.11 → 0, fibre 0, FVL 0: P = 0. 4 → C (beverages: B ≤ 2, C 3–6).
    expect(scoreOf('330 ml diet cola')).toMatchObject({
      food: expect.stringContaining('14416'),
      grade: 'C',
      details: { category: 'beverage', score: 4 },
    });
    // SR24 14400 cola: 37 kcal = 154.8 kJ > 150 → 3; sugars 8.97 g > 8 → 7; salt 4 mg × 2.5 → 0: N = 10;
    // protein 0.07 → 0: P = 0. 10 → E (beverages: E from 10).
    expect(scoreOf('330 ml cola')).toMatchObject({ grade: 'E', details: { score: 10 } });
  });

  it('cheddar: cheese keeps its protein points; sodium is salt × 2.5', () => {
    // SR24 01009 per 100 g: 403 kcal = 1686.2 kJ > 1675 → 5; sugars 0.52 → 0; saturates 21.092 → 10;
    // sodium 621 mg → salt 621 × 2.5 = 1552.5 mg = 1.5525 g > 1.4 → 7: N = 22.
    // Cheese: protein counts although N ≥ 11: 24.9 g > 17 → 7; fibre 0, FVL 0: P = 7. 22 − 7 = 15 → D.
    expect(scoreOf('100 g cheddar cheese')).toMatchObject({
      grade: 'D',
      details: { category: 'cheese', score: 15 },
    });
  });

  it('beef steak: red meat, protein capped at 2 points', () => {
    // SR24 13232 per 100 g: 215 kcal = 899.6 kJ > 670 → 2; sugars 0; saturates 3.96 > 3 → 3;
    // sodium 69 mg → salt 0.1725 g → 0: N = 5. Protein 26.04 > 17 → 7, capped to 2: P = 2. 5 − 2 = 3 → C.
    expect(scoreOf('100 g beef steak')).toMatchObject({
      grade: 'C',
      details: { category: 'red_meat', score: 3 },
    });
  });

  it('a chicken frankfurter is a sausage but not red meat', () => {
    // SR24 07024: 223 kcal = 933.0 kJ → 2; sugars 0.53 → 0; saturates 3.856 → 3;
    // sodium 844 mg → salt 2.11 g > 2.0 → 10: N = 15 ≥ 11, protein not counted; fibre 0.4 → 0: P = 0. 15 → D.
    expect(scoreOf('100 g chicken frankfurter')).toMatchObject({
      grade: 'D',
      details: { category: 'general', score: 15 },
    });
  });

  it('whole milk is a beverage since 2023, and beverages always count protein', () => {
    // SR24 01077 per 100 g: 61 kcal = 255.2 kJ > 240 → 5; sugars 5.05 > 5 → 4; saturates 1.865 > 1 → 1;
    // sodium 43 mg → salt 0.1075 g → 0: N = 10. Protein 3.15 > 3.0 → 7: P = 7. 10 − 7 = 3 → C.
    expect(scoreOf('250 ml whole milk')).toMatchObject({
      grade: 'C',
      details: { category: 'beverage', score: 3 },
    });
  });

  it('peanut butter: nuts to Nutri-Score, protein dropped from 7 unfavourable points', () => {
    // SR24 16098 per 100 g: saturates 10.51 × 37 = 388.9 kJ > 360 → 3; sugars 9.22 > 6.8 → 2;
    // ratio 10.51 / 50.39 = 20.9 % ≥ 16 → 2; sodium 459 mg → salt 1.1475 g > 1.0 → 5: N = 12 ≥ 7.
    // Protein not counted; fibre 6.0 > 5.2 → 3; peanuts are not FVL: P = 3. 12 − 3 = 9 → C.
    expect(scoreOf('100 g peanut butter')).toMatchObject({
      grade: 'C',
      details: { category: 'fats_oils_nuts_seeds', score: 9, fruit_veg_legumes_percent: 0 },
    });
  });

  it('gives no Nutri-Score to an alcoholic drink', () => {
    // SR24 14003 beer: 3.9 g alcohol per 100 g, above 1.2 % vol: outside Nutri-Score's scope.
    expect(scoreOf('355 ml beer')).toMatchObject({ grade: null });
  });

  it('counts unknown fibre as 0 points and says so', () => {
    // A label per 100 g without fibre: 1500 kJ > 1340 → 4; sugars 5 > 3.4 → 1; saturates 2 → 1 (2 is not > 2);
    // salt 0.5 > 0.4 → 2: N = 8 < 11, protein 8 > 7.2 → 3; fibre unknown → 0; FVL 0 (labels do not print it):
    // P = 3. 8 − 3 = 5 → C, noted.
    const label = (fibre: number | undefined) =>
      composeLabel(
        {
          kind: 'label',
          source: 'label',
          per100g: {
            energy_kj: 1500,
            sugars_total_g: 5,
            fat_saturated_g: 2,
            salt_g: 0.5,
            protein_g: 8,
            ...(fibre === undefined ? {} : { fiber_total_dietary_g: fibre }),
          },
          perServing: null,
          servingGrams: null,
          unit: 'g',
          warnings: [],
        },
        null,
      );
    expect(label(undefined)).toMatchObject({
      nutri_score: 'C',
      nutri_score_details: { score: 5, notes: [FIBRE_UNKNOWN] },
    });
    // Declared fibre 6.5 g > 6.3 → 4: P = 7, 8 − 7 = 1 → B, nothing to note.
    const declared = label(6.5);
    expect(declared).toMatchObject({ nutri_score: 'B', nutri_score_details: { score: 1 } });
    expect(declared.nutri_score_details?.notes).toBeUndefined();
  });
});
