/**
 * Grams of a food from a quantity and a unit: masses convert exactly; cups, spoons, slices, "large"
 * and bare counts use the food's own SR24 household measures ("1 cup shredded = 47 g" for romaine).
 */
import type { Food, HouseholdMeasure } from './food-table.ts';
import type { IngredientHint } from './hints.ts';

/** A portion in grams and where the grams came from. */
export interface Portion {
  grams: number;
  /** How the grams were found: `2 × cup shredded (47 g, USDA household measure)`, `150 g as given`, … */
  basis: string;
}

const MASS: Record<string, number> = { g: 1, kg: 1000, mg: 0.001, oz: 28.349523, lb: 453.59237 };
const MILLILITRES: Record<string, number> = {
  ml: 1,
  cl: 10,
  dl: 100,
  l: 1000,
  'fl oz': 29.5735,
  cup: 236.588,
  tbsp: 14.787,
  tsp: 4.929,
};
/** Measure names that are themselves units of volume or mass, in SR24's spellings. */
const VOLUME_NAMES: [RegExp, string][] = [
  [/^fl(uid)? ?oz\b|^fluid ounce/, 'fl oz'],
  [/^cup\b/, 'cup'],
  [/^tbsp\b|^tablespoon/, 'tbsp'],
  [/^tsp\b|^teaspoon/, 'tsp'],
  [/^liter\b|^litre\b/, 'l'],
];
const NOT_A_COUNT =
  /^(cup|tbsp|tablespoon|tsp|teaspoon|fl|fluid|oz|ounce|lb|pound|g\b|gram|liter|litre|quart|pint|gal|cubic|nlea|serving|package|container|can\b)/;

const perUnit = (m: HouseholdMeasure) => m.grams / m.amount;
const describe = (quantity: number, m: HouseholdMeasure) =>
  `${quantity} × ${m.name} (${Math.round(perUnit(m) * 10) / 10} g, USDA household measure)`;

function measureFor(food: Food, unit: string): HouseholdMeasure | undefined {
  const word = unit.toLowerCase();
  const direct = food.measures.find((m) => {
    const name = m.name.toLowerCase();
    const volume = VOLUME_NAMES.find(([pattern]) => pattern.test(name))?.[1];
    return volume ? volume === word : new RegExp(`(^|\\W)${word}s?(\\W|$)`).test(name);
  });
  return direct;
}

/** Grams per millilitre from a volume measure of the food (milk: 244 g per cup → 1.03 g/ml). */
function density(food: Food): { gramsPerMl: number; from: HouseholdMeasure } | null {
  for (const m of food.measures) {
    const volume = VOLUME_NAMES.find(([pattern]) => pattern.test(m.name.toLowerCase()))?.[1];
    const ml = volume ? MILLILITRES[volume] : undefined;
    if (ml) return { gramsPerMl: perUnit(m) / ml, from: m };
  }
  return null;
}

/** The measure a bare count means ("2 eggs" → "large", "a banana" → "medium"). */
function countMeasure(food: Food): HouseholdMeasure | undefined {
  const counts = food.measures.filter((m) => !NOT_A_COUNT.test(m.name.toLowerCase()));
  return (
    counts.find((m) => /^medium\b/i.test(m.name)) ??
    counts.find((m) => /^large\b/i.test(m.name)) ??
    counts.find((m) => /\bmedium\b/i.test(m.name)) ??
    counts[0]
  );
}

/**
 * Grams for a hint and its matched food; `null` when the unit cannot be turned into grams for this
 * food (the message then asks for grams). No quantity at all: one of the food's household measures.
 */
export function portionOf(hint: IngredientHint, food: Food): Portion | null {
  const { quantity, unit } = hint;
  if (quantity === null) {
    const measure = countMeasure(food) ?? food.measures[0];
    if (!measure) return null;
    return { grams: perUnit(measure), basis: `no quantity given: ${describe(1, measure)}` };
  }
  if (unit && MASS[unit] !== undefined) {
    return { grams: quantity * MASS[unit], basis: `${quantity} ${unit} as given` };
  }
  if (unit && MILLILITRES[unit] !== undefined) {
    const own = measureFor(food, unit);
    if (own) return { grams: quantity * perUnit(own), basis: describe(quantity, own) };
    const d = density(food);
    if (d) {
      return {
        grams: quantity * MILLILITRES[unit] * d.gramsPerMl,
        basis: `${quantity} ${unit} at ${Math.round(d.gramsPerMl * 100) / 100} g/ml (from ${d.from.name})`,
      };
    }
    return null;
  }
  const measure = unit ? measureFor(food, unit) : countMeasure(food);
  if (!measure) return null;
  return { grams: quantity * perUnit(measure), basis: describe(quantity, measure) };
}
