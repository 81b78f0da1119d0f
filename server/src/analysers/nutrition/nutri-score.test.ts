/**
 * Worked examples computed by hand from the 2023 tables (points = thresholds exceeded). Each comment
 * shows the arithmetic, so a wrong table shows up as a wrong sum.
 */
import { describe, expect, it } from 'vitest';
import { type NutriScoreInput, nutriScore } from './nutri-score.ts';

const base: NutriScoreInput = {
  energyKj: 0,
  sugarsG: 0,
  saturatedFatG: 0,
  saltG: 0,
  proteinG: 0,
  fibreG: 0,
  fruitVegLegumesPercent: 0,
};

describe('Nutri-Score 2023', () => {
  it('general food: from 11 unfavourable points on, protein does not count', () => {
    // energy 1000 kJ → 2, sugars 12 → 3, saturates 2.5 → 2, salt 0.9 → 4: N = 11
    // protein 8 → 3 (dropped, N ≥ 11), fibre 3.5 → 1, FVL 50 % → 1: P = 2; 11 − 2 = 9 → C
    const food = {
      ...base,
      energyKj: 1000,
      sugarsG: 12,
      saturatedFatG: 2.5,
      saltG: 0.9,
      proteinG: 8,
      fibreG: 3.5,
      fruitVegLegumesPercent: 50,
    };
    expect(nutriScore(food, 'general')).toMatchObject({ negative: 11, positive: 2, score: 9, grade: 'C' });
    // one point less salt (0.7 → 3): N = 10 < 11, protein counts: P = 5, 10 − 5 = 5 → C
    expect(nutriScore({ ...food, saltG: 0.7 }, 'general')).toMatchObject({
      negative: 10,
      positive: 5,
      score: 5,
    });
  });

  it('cheese keeps its protein points', () => {
    // energy 1600 → 4, sugars 0.5 → 0, saturates 18 → 10, salt 1.7 → 8: N = 22; protein 25 → 7
    const cheese = { ...base, energyKj: 1600, sugarsG: 0.5, saturatedFatG: 18, saltG: 1.7, proteinG: 25 };
    expect(nutriScore(cheese, 'cheese')).toMatchObject({ negative: 22, positive: 7, score: 15, grade: 'D' });
    expect(nutriScore(cheese, 'general')).toMatchObject({ score: 22, grade: 'E' });
  });

  it('red meat: protein capped at 2 points', () => {
    // energy 800 → 2, saturates 4 → 3 (4 is not > 4): N = 5; protein 26 → 7, capped to 2; 5 − 2 = 3 → C
    const steak = { ...base, energyKj: 800, saturatedFatG: 4, saltG: 0.15, proteinG: 26 };
    expect(nutriScore(steak, 'red_meat')).toMatchObject({ negative: 5, positive: 2, score: 3, grade: 'C' });
    expect(nutriScore(steak, 'general')).toMatchObject({ score: -2, grade: 'A' });
  });

  it('fats and oils: energy from saturates and the saturates/fat ratio', () => {
    // olive oil: saturates 14 g × 37 = 518 kJ → 4, ratio 14 % → 1: N = 5; FVL 100 % → 5; 5 − 5 = 0 → B
    const olive = { ...base, energyKj: 3700, saturatedFatG: 14, fatG: 100, fruitVegLegumesPercent: 100 };
    expect(nutriScore(olive, 'fats_oils_nuts_seeds')).toMatchObject({
      negative: 5,
      positive: 5,
      score: 0,
      grade: 'B',
    });
    // butter: 51 × 37 = 1887 kJ → 10, ratio 63 % → 9, salt 1.6 → 7 (1.6 is not > 1.6): N = 26 → E
    const butter = {
      ...base,
      energyKj: 3000,
      sugarsG: 0.6,
      saturatedFatG: 51,
      fatG: 81,
      saltG: 1.6,
      proteinG: 0.9,
    };
    expect(nutriScore(butter, 'fats_oils_nuts_seeds')).toMatchObject({ negative: 26, score: 26, grade: 'E' });
    // a fat scores A only at −6 or less: N 0, FVL 100 % (5) + fibre 8 (5) → −10 → A
    expect(
      nutriScore({ ...base, fatG: 50, fibreG: 8, fruitVegLegumesPercent: 100 }, 'fats_oils_nuts_seeds').grade,
    ).toBe('A');
  });

  it('beverages: their own tables, sweeteners penalised, only water is A', () => {
    // cola: energy 180 kJ → 3, sugars 10.6 → 9: N = 12 → E
    expect(nutriScore({ ...base, energyKj: 180, sugarsG: 10.6, saltG: 0.01 }, 'beverage')).toMatchObject({
      negative: 12,
      grade: 'E',
    });
    // diet cola: nothing but sweeteners → 4 → C
    expect(nutriScore({ ...base, energyKj: 1, sweeteners: true }, 'beverage')).toMatchObject({
      negative: 4,
      grade: 'C',
    });
    // semi-skimmed milk: energy 195 → 3, sugars 4.8 → 3, saturates 1.1 → 1: N = 7; protein 3.4 → 7; 0 → B
    expect(
      nutriScore(
        { ...base, energyKj: 195, sugarsG: 4.8, saturatedFatG: 1.1, saltG: 0.1, proteinG: 3.4 },
        'beverage',
      ),
    ).toMatchObject({ negative: 7, positive: 7, score: 0, grade: 'B' });
    // a sweet protein drink: energy 400 kJ → 10, sugars 12 → 10: N = 20 ≥ 11, yet a beverage keeps its
    // protein points: 3.5 > 3.0 → 7: P = 7, 20 − 7 = 13 → E (a food would lose them: 20 → E as well, score 20)
    expect(nutriScore({ ...base, energyKj: 400, sugarsG: 12, proteinG: 3.5 }, 'beverage')).toMatchObject({
      negative: 20,
      positive: 7,
      score: 13,
    });
    expect(nutriScore(base, 'beverage').grade).toBe('B');
    expect(nutriScore(base, 'water').grade).toBe('A');
  });

  it('thresholds are "greater than": a value on the limit scores the lower points', () => {
    expect(nutriScore({ ...base, energyKj: 335 }, 'general').negative).toBe(0);
    expect(nutriScore({ ...base, energyKj: 335.1 }, 'general').negative).toBe(1);
    // grades: 0 → A, 1..2 → B, 3..10 → C, 11..18 → D, 19+ → E
    expect(nutriScore({ ...base, energyKj: 400 }, 'general').grade).toBe('B');
    expect(
      nutriScore({ ...base, energyKj: 3400, sugarsG: 60, saturatedFatG: 11, saltG: 5 }, 'general'),
    ).toMatchObject({ negative: 55, grade: 'E' });
  });
});
