/**
 * Nutri-Score, 2023 algorithm (Scientific Committee updates: foods 2022, beverages 2023), from
 * values per 100 g (per 100 ml for beverages). Four computations: general foods, cheese (protein
 * always counts), red meat (protein capped at 2 points), fats/oils/nuts/seeds (energy from saturates
 * and the saturates/fat ratio), and beverages (their own tables; water is A).
 */

/** Which table applies. */
export type NutriScoreCategory =
  | 'general'
  | 'cheese'
  | 'red_meat'
  | 'fats_oils_nuts_seeds'
  | 'beverage'
  | 'water';

/** Values per 100 g (or 100 ml). Missing values make the score impossible, never zero. */
export interface NutriScoreInput {
  energyKj: number;
  sugarsG: number;
  saturatedFatG: number;
  /** Total fat, needed only for fats/oils/nuts/seeds (the saturates/fat ratio). */
  fatG?: number;
  saltG: number;
  proteinG: number;
  /**
   * Fibre is optional on EU labels; when it is not known it earns no points (the algorithm's rule
   * for an undeclared fibre content), and the result says so in `notes`.
   */
  fibreG?: number;
  /** Share of fruit, vegetables and legumes, 0..100. */
  fruitVegLegumesPercent: number;
  /** Beverages only: contains non-nutritive sweeteners. */
  sweeteners?: boolean;
}

export interface NutriScoreResult {
  grade: 'A' | 'B' | 'C' | 'D' | 'E';
  score: number;
  negative: number;
  positive: number;
  category: NutriScoreCategory;
  /** What the score could not take into account (`fibre is not known: counted as 0 points`). */
  notes: string[];
}

/** Said when fibre is unknown: the score may be worse than the food's true one, never better. */
export const FIBRE_UNKNOWN = 'fibre is not known: counted as 0 points';

/** Points = number of thresholds the value exceeds (strictly greater), as the tables read "> x". */
const points = (value: number, thresholds: readonly number[]) => thresholds.filter((t) => value > t).length;

const ENERGY = [335, 670, 1005, 1340, 1675, 2010, 2345, 2680, 3015, 3350];
const SUGARS = [3.4, 6.8, 10, 14, 17, 20, 24, 27, 31, 34, 37, 41, 44, 48, 51];
const SATURATES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const SALT = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 0.2 * 10) / 10);
const PROTEIN = [2.4, 4.8, 7.2, 9.6, 12, 14, 17];
const FIBRE = [3.0, 4.1, 5.2, 6.3, 7.4];
/** Fruit/vegetables/legumes for foods: >40 % 1 point, >60 % 2, >80 % 5. */
const fvlFood = (p: number) => (p > 80 ? 5 : p > 60 ? 2 : p > 40 ? 1 : 0);

/** Fats, oils, nuts and seeds: energy from saturates (kJ, 37 kJ/g) and saturates as % of fat. */
const ENERGY_FROM_SATURATES = [120, 240, 360, 480, 600, 720, 840, 960, 1080, 1200];
const SATURATES_RATIO = [10, 16, 22, 28, 34, 40, 46, 52, 58, 64];

const BEV_ENERGY = [30, 90, 150, 210, 240, 270, 300, 330, 360, 390];
const BEV_SUGARS = [0.5, 2, 3.5, 5, 6, 7, 8, 9, 10, 11];
const BEV_PROTEIN = [1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3.0];
const fvlBeverage = (p: number) => (p > 80 ? 6 : p > 60 ? 4 : p > 40 ? 2 : 0);

function gradeFood(score: number): NutriScoreResult['grade'] {
  return score <= 0 ? 'A' : score <= 2 ? 'B' : score <= 10 ? 'C' : score <= 18 ? 'D' : 'E';
}
function gradeFat(score: number): NutriScoreResult['grade'] {
  return score <= -6 ? 'A' : score <= 2 ? 'B' : score <= 10 ? 'C' : score <= 18 ? 'D' : 'E';
}
function gradeBeverage(score: number): NutriScoreResult['grade'] {
  return score <= 2 ? 'B' : score <= 6 ? 'C' : score <= 9 ? 'D' : 'E';
}

/** Computes the 2023 Nutri-Score of a food or beverage. */
export function nutriScore(input: NutriScoreInput, category: NutriScoreCategory): NutriScoreResult {
  if (category === 'water') return { grade: 'A', score: 0, negative: 0, positive: 0, category, notes: [] };
  const fibre = input.fibreG === undefined ? 0 : points(input.fibreG, FIBRE);
  const notes = input.fibreG === undefined ? [FIBRE_UNKNOWN] : [];
  const salt = points(input.saltG, SALT);
  const saturates = points(input.saturatedFatG, SATURATES);

  if (category === 'beverage') {
    const negative =
      points(input.energyKj, BEV_ENERGY) +
      points(input.sugarsG, BEV_SUGARS) +
      saturates +
      salt +
      (input.sweeteners ? 4 : 0);
    // Beverages count their protein whatever their unfavourable points.
    const positive = points(input.proteinG, BEV_PROTEIN) + fibre + fvlBeverage(input.fruitVegLegumesPercent);
    const score = negative - positive;
    return { grade: gradeBeverage(score), score, negative, positive, category, notes };
  }

  if (category === 'fats_oils_nuts_seeds') {
    const fat = input.fatG ?? 0;
    const ratio = fat > 0 ? (100 * input.saturatedFatG) / fat : 0;
    const negative =
      points(input.saturatedFatG * 37, ENERGY_FROM_SATURATES) +
      points(input.sugarsG, SUGARS) +
      (fat > 0 ? SATURATES_RATIO.filter((t) => ratio >= t).length : 0) +
      salt;
    const protein = points(input.proteinG, PROTEIN);
    const fvl = fvlFood(input.fruitVegLegumesPercent);
    // Protein counts only while the unfavourable points stay under 7.
    const positive = fibre + fvl + (negative < 7 ? protein : 0);
    const score = negative - positive;
    return { grade: gradeFat(score), score, negative, positive, category, notes };
  }

  const negative = points(input.energyKj, ENERGY) + points(input.sugarsG, SUGARS) + saturates + salt;
  let protein = points(input.proteinG, PROTEIN);
  if (category === 'red_meat') protein = Math.min(protein, 2);
  const fvl = fvlFood(input.fruitVegLegumesPercent);
  // From 11 unfavourable points on, protein no longer counts, except for cheese.
  const positive = fibre + fvl + (negative < 11 || category === 'cheese' ? protein : 0);
  const score = negative - positive;
  return { grade: gradeFood(score), score, negative, positive, category, notes };
}
