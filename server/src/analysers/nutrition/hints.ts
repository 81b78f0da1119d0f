/**
 * Parses a caller's ingredient text ("150 g grilled chicken breast, 2 cups romaine, half an avocado")
 * into items: a quantity, a unit and the food's name. No food knowledge here: `portion.ts` turns a
 * quantity and unit into grams with the matched food's household measures.
 */

/** One item of an ingredient list as the caller wrote it. */
export interface IngredientHint {
  /** The text of the item, trimmed ("2 cups romaine"). */
  text: string;
  /** The food's name without quantity and unit ("romaine"). */
  name: string;
  /** How many units; `null` when the caller gave none ("romaine"). */
  quantity: number | null;
  /** The unit as normalised here (`g`, `ml`, `cup`, …) or a household word (`slice`, `large`); `null`: a count. */
  unit: string | null;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  half: 0.5,
  quarter: 0.25,
  dozen: 12,
};
const VULGAR: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3, '⅛': 0.125 };

/** Unit spellings → the unit `portion.ts` knows. */
const UNITS: Record<string, string> = {
  g: 'g',
  gr: 'g',
  gram: 'g',
  grams: 'g',
  gramme: 'g',
  grammes: 'g',
  kg: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  mg: 'mg',
  oz: 'oz',
  ounce: 'oz',
  ounces: 'oz',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  ml: 'ml',
  millilitre: 'ml',
  milliliter: 'ml',
  millilitres: 'ml',
  milliliters: 'ml',
  cl: 'cl',
  dl: 'dl',
  l: 'l',
  litre: 'l',
  liter: 'l',
  litres: 'l',
  liters: 'l',
  cup: 'cup',
  cups: 'cup',
  tbsp: 'tbsp',
  tbs: 'tbsp',
  tablespoon: 'tbsp',
  tablespoons: 'tbsp',
  tsp: 'tsp',
  teaspoon: 'tsp',
  teaspoons: 'tsp',
  'fl oz': 'fl oz',
  slice: 'slice',
  slices: 'slice',
  piece: 'piece',
  pieces: 'piece',
  small: 'small',
  medium: 'medium',
  large: 'large',
  clove: 'clove',
  cloves: 'clove',
  leaf: 'leaf',
  leaves: 'leaf',
  fillet: 'fillet',
  fillets: 'fillet',
  can: 'can',
  cans: 'can',
  stalk: 'stalk',
  stalks: 'stalk',
  head: 'head',
  heads: 'head',
  serving: 'serving',
  servings: 'serving',
};

/** Splits an ingredient list on commas, semicolons, new lines, " and " and " + ". */
export function splitIngredients(text: string): string[] {
  return text
    .split(/,(?!\d)|[;\n]|\s\+\s|\s(?:and|&|plus|with)\s/i)
    .map((part) => part.trim().replace(/^(?:and|with|plus)\s+/i, ''))
    .filter((part) => part.length > 0);
}

/** Reads a leading quantity: "150", "1.5", "1,5", "1/2", "1 1/2", "1½", "½", "a", "half a", "two". */
function readQuantity(text: string): { value: number; rest: string } | null {
  const numeric =
    /^(?:(\d+)\s+(\d+)\/(\d+)|(\d+)\/(\d+)|(\d+(?:[.,]\d+)?)\s*([½¼¾⅓⅔⅛])?|([½¼¾⅓⅔⅛]))(?=\s|[a-zA-Z]|$)/u.exec(
      text,
    );
  if (numeric) {
    const [, whole, num, den, fNum, fDen, decimal, vulgarAfter, vulgarAlone] = numeric;
    let value = 0;
    if (whole && num && den) value = Number(whole) + Number(num) / Number(den);
    else if (fNum && fDen) value = Number(fNum) / Number(fDen);
    else if (decimal)
      value = Number(decimal.replace(',', '.')) + (vulgarAfter ? (VULGAR[vulgarAfter] ?? 0) : 0);
    else if (vulgarAlone) value = VULGAR[vulgarAlone] ?? 0;
    if (value > 0 && Number.isFinite(value)) return { value, rest: text.slice(numeric[0].length).trim() };
  }
  const word = /^([a-z]+)\b\s*/i.exec(text);
  const first = word?.[1]?.toLowerCase();
  if (word && first && first in NUMBER_WORDS) {
    let value = NUMBER_WORDS[first] ?? 1;
    let rest = text.slice(word[0].length);
    // "half a cup", "a quarter of", "a dozen"
    const next = /^(a|an|of|half|quarter|dozen)\b\s*/i.exec(rest);
    if (next?.[1]) {
      const n = next[1].toLowerCase();
      if (n === 'half' || n === 'quarter' || n === 'dozen') value *= NUMBER_WORDS[n] ?? 1;
      rest = rest.slice(next[0].length);
    }
    return { value, rest: rest.trim() };
  }
  return null;
}

/** Parses one item ("2 cups romaine", "150g chicken", "chicken breast (150 g)"). */
export function parseIngredient(item: string): IngredientHint {
  const text = item.trim();
  // A quantity in brackets at the end: "chicken breast (150 g)".
  const trailing = /^(.*?)\s*\(\s*(\d+(?:[.,]\d+)?)\s*(g|grams?|ml|oz|kg)\s*\)\s*$/i.exec(text);
  if (trailing?.[1] && trailing[2] && trailing[3]) {
    return {
      text,
      name: trailing[1].trim(),
      quantity: Number(trailing[2].replace(',', '.')),
      unit: UNITS[trailing[3].toLowerCase()] ?? null,
    };
  }
  const quantity = readQuantity(text);
  if (!quantity) return { text, name: text, quantity: null, unit: null };
  let rest = quantity.rest;
  let unit: string | null = null;
  const unitMatch = /^(fl\.?\s*oz|[a-z]+)\.?(?=\s|$)\s*/i.exec(rest);
  const spelled = unitMatch?.[1]?.toLowerCase().replace(/\.\s*/, ' ').replace(/\s+/, ' ');
  if (unitMatch && spelled && spelled in UNITS) {
    unit = UNITS[spelled] ?? null;
    rest = rest.slice(unitMatch[0].length);
  }
  rest = rest.replace(/^of\s+/i, '').trim();
  return { text, name: rest || text, quantity: quantity.value, unit };
}

/** Parses an ingredient list. */
export function parseIngredients(text: string): IngredientHint[] {
  return splitIngredients(text).map(parseIngredient);
}
