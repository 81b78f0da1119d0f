/**
 * Turns what was recognised into seeds 001/004's result: each food looked up in the composition
 * table, its grams from the quantity or household measures, nutrients scaled by grams and summed for
 * the dish, and the Nutri-Score from the dish's values per 100 g. Every figure comes from the table
 * (or the printed label); a food the table does not know fails the analysis instead of being guessed.
 */
import type { AnalysisFailure } from '../types.ts';
import { type NutrientField, type Nutrients, roundNutrients, withDerived } from './fields.ts';
import type { Food } from './food-table.ts';
import { type IngredientHint, parseIngredient } from './hints.ts';
import type { FoodMatcher } from './match.ts';
import { type NutriScoreCategory, type NutriScoreInput, nutriScore } from './nutri-score.ts';
import { portionOf } from './portion.ts';
import type { NutriScoreDetails, NutritionResult, RecognisedDish, RecognisedLabel } from './types.ts';

interface Portioned {
  name: string;
  food: Food;
  grams: number;
  basis: string;
  values: Nutrients;
}

/** A food's values per 100 g, with what follows by definition: no carbohydrate means no sugars or fibre. */
function per100g(food: Food): Nutrients {
  const values = { ...food.per100g };
  if (values.carbohydrate_g === 0) {
    values.sugars_total_g ??= 0;
    values.fiber_total_dietary_g ??= 0;
  }
  return withDerived(values);
}

function scale(values: Nutrients, factor: number): Nutrients {
  const out: Nutrients = {};
  for (const [field, value] of Object.entries(values) as [NutrientField, number][])
    out[field] = value * factor;
  return out;
}

/** Sums fields every part has; a field missing from one part is left out of the total, not under-counted. */
function sum(parts: readonly Nutrients[]): Nutrients {
  const out: Nutrients = {};
  const first = parts[0];
  if (!first) return out;
  for (const field of Object.keys(first) as NutrientField[]) {
    if (parts.every((p) => p[field] !== undefined))
      out[field] = parts.reduce((n, p) => n + (p[field] ?? 0), 0);
  }
  return out;
}

const isWater = (food: Food) =>
  /^water, (tap|bottled)/i.test(food.name) && !/flavou?red|sweetened/i.test(food.name);
/**
 * Beef, veal, pork, lamb and game (SR groups 13, 10, 17) and the sausages and luncheon meats made
 * from them (group 07, where poultry and fish products are left out: they are not red meat).
 */
const isRedMeat = (food: Food) =>
  ['10', '13', '17'].includes(food.group) ||
  (food.group === '07' && !/chicken|turkey|poultry|fish/i.test(food.name));
/** Milk, milk-based and plant-based drinks are beverages since 2023 (SR24 files soymilk under legumes). */
const isMilkDrink = (food: Food) => /^(milk\b|milk shakes|soymilk)/i.test(food.name);
/** Dressings, mayonnaise and spreads are sauces, not the fats-and-oils category, though SR24 groups them with fats. */
const isSauce = (food: Food) => /^(salad dressing|mayonnaise|sandwich spread)/i.test(food.name);
/** Beverages SR24 names as sweetened without sugar ("low calorie, with aspartame", "diet", "sugar free"). */
const hasSweeteners = (food: Food) =>
  /\b(aspartame|sucralose|saccharin|acesulfame|stevia|sugar[- ]free|diet|(low|reduced) calorie)\b/i.test(
    food.name,
  );
/** Alcohol above 1.2 % vol (≈ 0.95 g per 100 ml): Nutri-Score does not apply to alcoholic drinks. */
const ALCOHOL_LIMIT_G = 0.95;
/** Fruit, vegetables and legumes as Nutri-Score counts them (not potatoes, not peanuts), and the oils it counts. */
const isFvl = (food: Food) =>
  (['09', '11', '16'].includes(food.group) && !/^(potato|peanut)/i.test(food.name)) ||
  /^oil, (olive|canola|rapeseed|walnut)|^(olive|canola|rapeseed|walnut) oil\b/i.test(food.name);

function categoryOf(food: Food): NutriScoreCategory {
  if (isWater(food)) return 'water';
  if (food.group === '14' || isMilkDrink(food)) return 'beverage';
  // Peanuts are legumes to SR24 and nuts to Nutri-Score.
  if ((food.group === '04' && !isSauce(food)) || food.group === '12' || /^peanut/i.test(food.name))
    return 'fats_oils_nuts_seeds';
  if (/^cheese\b/i.test(food.name)) return 'cheese';
  if (isRedMeat(food)) return 'red_meat';
  return 'general';
}

function dishCategory(parts: readonly Portioned[]): NutriScoreCategory {
  const [only] = parts;
  if (parts.length === 1 && only) return categoryOf(only.food);
  const categories = parts.map((p) => categoryOf(p.food));
  if (categories.every((c) => c === 'beverage' || c === 'water')) return 'beverage';
  const largest = [...parts].sort((a, b) => b.grams - a.grams)[0];
  return largest && isRedMeat(largest.food) ? 'red_meat' : 'general';
}

/** The Nutri-Score inputs from values per 100 g, or `null` when one the algorithm needs is missing. */
export function scoreInput(
  values: Nutrients,
  fvlPercent: number,
  sweeteners = false,
): NutriScoreInput | null {
  const v = withDerived(values);
  const needed = [
    v.energy_kj,
    v.sugars_total_g,
    v.fat_saturated_g,
    v.salt_g,
    v.protein_g,
    // Fibre is optional on labels and the algorithm then counts no fibre points: the unfavourable
    // direction, so leaving it out never flatters a food. The other inputs are required.
  ];
  if (needed.some((x) => x === undefined)) return null;
  return {
    energyKj: v.energy_kj ?? 0,
    sugarsG: v.sugars_total_g ?? 0,
    saturatedFatG: v.fat_saturated_g ?? 0,
    ...(v.fat_total_g !== undefined ? { fatG: v.fat_total_g } : {}),
    saltG: v.salt_g ?? 0,
    proteinG: v.protein_g ?? 0,
    ...(v.fiber_total_dietary_g !== undefined ? { fibreG: v.fiber_total_dietary_g } : {}),
    fruitVegLegumesPercent: fvlPercent,
    ...(sweeteners ? { sweeteners } : {}),
  };
}

function score(
  values100g: Nutrients,
  category: NutriScoreCategory,
  fvlPercent: number,
  estimate: boolean,
  sweeteners = false,
): { grade: string | null; details?: NutriScoreDetails } {
  if (category === 'beverage' && (values100g.alcohol_g ?? 0) > ALCOHOL_LIMIT_G) return { grade: null };
  const input = scoreInput(values100g, fvlPercent, sweeteners);
  if (!input) return { grade: null };
  const result = nutriScore(input, category);
  return {
    grade: result.grade,
    details: {
      category: result.category,
      score: result.score,
      estimate,
      fruit_veg_legumes_percent: Math.round(fvlPercent),
      ...(result.notes.length ? { notes: result.notes } : {}),
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The caller's description, else the ingredients with grams; notes words left out as no food. */
function describeDish(description: string | null, parts: readonly Portioned[], dropped: readonly string[]) {
  const text =
    description ?? (parts.length ? parts.map((p) => `${p.name} (${round1(p.grams)} g)`).join(', ') : null);
  if (!dropped.length) return text;
  return `${text ?? ''} (not foods in the table, left out: ${dropped.join(', ')})`.trim();
}

/** A recognised dish → result, or a failure naming the foods the table or the measures could not place. */
export function composeDish(
  dish: RecognisedDish,
  matcher: FoodMatcher,
): { ok: true; result: NutritionResult } | { ok: false; error: AnalysisFailure } {
  const parts: Portioned[] = [];
  const unknown: string[] = [];
  const unmeasured: string[] = [];
  for (const item of dish.foods) {
    const hint: IngredientHint = item.measure
      ? { text: item.text, name: item.text, ...item.measure }
      : parseIngredient(item.text);
    const food = item.foodId !== undefined ? matcher.byId(item.foodId) : matcher.match(hint.name)?.food;
    if (!food) {
      unknown.push(hint.name);
      continue;
    }
    const portion =
      item.grams !== undefined && item.grams > 0
        ? { grams: item.grams, basis: `${round1(item.grams)} g as estimated by ${dish.source}` }
        : portionOf(hint, food);
    if (!portion) {
      unmeasured.push(item.text);
      continue;
    }
    parts.push({
      name: hint.name,
      food,
      grams: portion.grams,
      basis: item.note ? `${portion.basis}; ${item.note}` : portion.basis,
      values: scale(per100g(food), portion.grams / 100),
    });
  }
  const dropped = dish.lenient && parts.length > 0 ? unknown.splice(0) : [];
  if (unknown.length > 0 || unmeasured.length > 0 || parts.length === 0) {
    const problems = [
      unknown.length > 0
        ? `the food composition table has no food named ${unknown.map((n) => JSON.stringify(n)).join(', ')} (name a plain food, e.g. "grilled chicken breast", "romaine lettuce")`
        : '',
      unmeasured.length > 0
        ? `no household measure turns ${unmeasured.map((n) => JSON.stringify(n)).join(', ')} into grams (give grams, e.g. "150 g")`
        : '',
    ].filter(Boolean);
    return {
      ok: false,
      error: {
        code: unknown.length > 0 ? 'food_not_found' : 'portion_unknown',
        message: `Could not compute nutrients from the ${dish.source}: ${problems.join('; ') || 'no foods were named'}.`,
      },
    };
  }
  const grams = parts.reduce((n, p) => n + p.grams, 0);
  const total = sum(parts.map((p) => p.values));
  const fvl = (100 * parts.filter((p) => isFvl(p.food)).reduce((n, p) => n + p.grams, 0)) / grams;
  const composed = parts.length > 1;
  const category = dishCategory(parts);
  const sweetened = category === 'beverage' && parts.some((p) => hasSweeteners(p.food));
  const nutri = score(scale(total, 100 / grams), category, fvl, composed, sweetened);
  return {
    ok: true,
    result: {
      dish_name: dish.dishName ?? parts.map((p) => p.name).join(', '),
      dish_description: describeDish(dish.description, composed ? parts : [], dropped),
      nutri_score: nutri.grade,
      ...(nutri.details ? { nutri_score_details: nutri.details } : {}),
      serving_size: round1(grams),
      unit: 'g',
      nutritional_fields: roundNutrients(total),
      ingredients: parts.map((p) => ({
        name: p.name,
        serving_size: round1(p.grams),
        unit: 'g',
        nutritional_fields: roundNutrients(p.values),
        matched_food: `${p.food.table} ${p.food.id}: ${p.food.name}`,
        portion: p.basis,
      })),
      recognised_by: dish.source,
    },
  };
}

/** A printed label → result: the label's own figures for the serving, the Nutri-Score from per 100 g. */
export function composeLabel(label: RecognisedLabel, dishName: string | null): NutritionResult {
  const servingGrams = label.servingGrams;
  const per100 =
    label.per100g ?? (label.perServing && servingGrams ? scale(label.perServing, 100 / servingGrams) : null);
  const shown =
    label.perServing ?? (per100 && servingGrams ? scale(per100, servingGrams / 100) : per100) ?? {};
  const serving = label.perServing || (per100 && servingGrams) ? servingGrams : 100;
  const nutri = per100
    ? score(per100, label.unit === 'ml' ? 'beverage' : 'general', 0, true)
    : { grade: null };
  return {
    dish_name: dishName ?? 'packaged food (nutrition label)',
    dish_description: `read from the nutrition-facts label ${label.per100g ? `per 100 ${label.unit}` : 'per serving'}${
      label.warnings.length ? `; ${label.warnings.join('; ')}` : ''
    }`,
    nutri_score: nutri.grade,
    ...(nutri.details ? { nutri_score_details: nutri.details } : {}),
    serving_size: serving,
    unit: label.unit,
    nutritional_fields: roundNutrients(withDerived(shown)),
    ingredients: [],
    recognised_by: 'label',
  };
}
