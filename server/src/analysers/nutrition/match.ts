/**
 * Finds the food a name means in the composition table: everyday aliases first, then word matching
 * against SR24's names ("Chicken, broilers or fryers, breast, meat only, cooked, roasted") with
 * synonyms, and fuse.js for misspelt words ("brocoli"). A name matches only when the table food's
 * head word (SR24's first segment) is among the query's words, so "chicken soup" never becomes
 * "soup" of some other kind and an unknown food stays unknown instead of matching something near.
 */
import Fuse from 'fuse.js';
import type { Food, FoodTable } from './food-table.ts';
import { ALIASES, PHRASES, WORDS } from './synonyms.ts';

/** A table food chosen for a name, with how sure the matcher is (0..1). */
export interface FoodMatch {
  food: Food;
  score: number;
  /** `alias` (an everyday name), `words` (word matching) or `fuzzy` (a misspelling was corrected). */
  via: 'alias' | 'words' | 'fuzzy';
}

/** Finds foods by name. */
export interface FoodMatcher {
  match(name: string): FoodMatch | null;
  /** The table food with this SR24 NDB number, for recognisers that name foods by id. */
  byId(id: string): Food | undefined;
}

/** Words that say nothing about which food it is. */
const STOP = new Set(
  'a an and the of with in on or for to fresh plain regular all types type ns as commercial commercially prepared includes home made homemade style some piece pieces serving portion bowl plate side'.split(
    ' ',
  ),
);
/** Words about preparation: matched when present, never the reason a food is chosen. */
const STATE = new Set(
  'raw cooked roasted broiled grilled baked boiled steamed fried poached stewed braised scrambled dry dried'.split(
    ' ',
  ),
);
/**
 * SR24 first segments that name a class, the food itself following ("Fish, salmon", "Nuts, almonds",
 * "Beef, flank, steak"): for these the second segment may stand for the head.
 */
const CLASS_WORDS = new Set(
  'fish cheese nut seed beverage spice oil bean pepper cereal mollusk crustacean beef pork lamb veal chicken turkey game alcoholic candy snack cooky cracker'.split(
    ' ',
  ),
);
/** SR food groups of branded, fast-food, restaurant and baby foods: chosen only when named. */
const SPECIAL_GROUPS = new Set(['03', '21', '35', '36']);

export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9% ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "tomatoes" → "tomato", "berries" → "berry", "eggs" → "egg"; leaves "asparagus", "hummus", "glass" alone. */
export function singular(word: string): string {
  if (word.length <= 3 || /(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(oes|ches|shes|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const words = (text: string) =>
  normaliseName(text)
    .split(' ')
    .filter((w) => w && !STOP.has(w))
    .map(singular);

interface IndexedFood {
  food: Food;
  /** Non-state words of SR24's first segment ("Chicken", "Salad dressing"). */
  first: string[];
  /** Non-state words of the second segment, which names the food when the first is a class. */
  second: string[];
  head: string[];
  words: Set<string>;
  count: number;
}

/**
 * Matches names against each table in its order of preference: a later table (IFCT 2017) is asked
 * only when the earlier ones (USDA SR24) have no food of that name, so adding a table never changes
 * what an SR24 name finds. A name a table knows every word of is tried in every table before any
 * table corrects a misspelling, so "ragi" finds IFCT's finger millet rather than SR24's "ravioli",
 * and "chiken breast", known to neither, is still corrected by SR24.
 */
export function createFoodMatcher(table: FoodTable): FoodMatcher {
  const perTable = table.tables.map((label) =>
    createTableMatcher(
      table.foods.filter((food) => food.table === label),
      table.byId,
    ),
  );
  return {
    byId: (id) => table.byId(id),
    match(name) {
      for (const correcting of [false, true]) {
        for (const matcher of perTable) {
          const found = matcher(name, correcting);
          if (found) return found;
        }
      }
      return null;
    },
  };
}

function createTableMatcher(
  foods: readonly Food[],
  byId: (id: string) => Food | undefined,
): (name: string, correcting: boolean) => FoodMatch | null {
  const indexed: IndexedFood[] = foods.map((food) => {
    const all = words(food.name);
    const segments = food.name.split(',');
    const nonState = (text: string | undefined) => words(text ?? '').filter((w) => !STATE.has(w));
    return {
      food,
      first: nonState(segments[0]),
      second: nonState(segments[1]),
      // SR24 puts a class first for some foods ("Fish, salmon, …", "Cheese, parmesan, …").
      head: words(food.name.split(',').slice(0, 2).join(' ')).filter((w) => !STATE.has(w)),
      words: new Set(all),
      count: Math.max(1, new Set(all.filter((w) => !STATE.has(w))).size),
    };
  });
  const byWord = new Map<string, IndexedFood[]>();
  for (const entry of indexed) {
    for (const w of entry.words) {
      const list = byWord.get(w) ?? [];
      list.push(entry);
      byWord.set(w, list);
    }
  }
  const vocabulary = new Fuse(
    [...byWord.keys()].filter((w) => w.length > 3 && !/\d/.test(w)),
    {
      threshold: 0.25,
      includeScore: true,
    },
  );
  // Keyed by the sorted words, so "chicken breast, grilled" finds "grilled chicken breast".
  const key = (name: string) => words(name).sort().join(' ');
  const aliases = new Map(Object.entries(ALIASES).map(([name, id]) => [key(name), id]));

  const correct = (word: string): string | null => {
    if (byWord.has(word) || word.length <= 3) return null;
    const best = vocabulary.search(word, { limit: 1 })[0];
    return best ? best.item : null;
  };

  return (name, correcting) => {
    const plain = normaliseName(name);
    const aliased = aliases.get(key(plain));
    const aliasFood = aliased ? byId(aliased) : undefined;
    if (aliasFood) return { food: aliasFood, score: 1, via: 'alias' };

    let rewritten = plain;
    for (const [pattern, replacement] of PHRASES) rewritten = rewritten.replace(pattern, replacement);
    let fuzzy = false;
    const query = words(rewritten).map((w) => {
      const fixed = correct(w);
      if (fixed) fuzzy = true;
      return fixed ?? w;
    });
    // Before corrections are allowed, a name this table would have to correct is left to the next table.
    if (query.length === 0 || (fuzzy && !correcting)) return null;
    const alternatives = query.map((w) => [w, ...(WORDS[w] ?? []).map(singular)]);
    const candidates = new Set<IndexedFood>();
    for (const options of alternatives)
      for (const w of options) for (const c of byWord.get(w) ?? []) candidates.add(c);

    const queryState = query.some((w) => STATE.has(w) || WORDS[w]?.some((s) => STATE.has(s)));
    const mentionsSpecial = /\b(fast food|restaurant|baby|infant|mcdonald|burger king|kfc)\b/.test(plain);
    let best: { entry: IndexedFood; score: number } | null = null;
    for (const entry of candidates) {
      const inQuery = (w: string) => alternatives.some((options) => options.includes(w));
      // The table food must be what the query names, not something the query merely mentions:
      // its first segment all in the query ("Soup" for "chicken soup", never "Sauce, pizza" for
      // "pizza"), or a class followed by a word of the query ("Fish, salmon" for "baked salmon").
      const headOk =
        entry.first.length > 0 &&
        (entry.first.every(inQuery) ||
          (entry.first.some((w) => CLASS_WORDS.has(w)) && entry.second.some(inQuery)));
      if (!headOk) continue;
      if (SPECIAL_GROUPS.has(entry.food.group) && !mentionsSpecial) continue;
      let matched = 0;
      let weight = 0;
      const used = new Set<string>();
      for (const options of alternatives) {
        const isState = options.some((w) => STATE.has(w));
        // A word the table never uses ("fillet", "homestyle") says little about which food it is.
        const known = options.some((o) => byWord.has(o));
        const w = isState ? 0.5 : known ? 1 : 0.3;
        weight += w;
        const hit = options.find((o) => entry.words.has(o));
        if (hit) {
          matched += w;
          used.add(hit);
        }
      }
      const coverage = matched / weight;
      if (coverage < 0.6) continue;
      const precision = [...used].filter((w) => !STATE.has(w)).length / entry.count;
      const headPrecision = entry.head.filter((h) => used.has(h)).length / Math.max(1, entry.head.length);
      // With no preparation named, a raw fruit or vegetable and a cooked meat or grain are the
      // everyday readings.
      const defaultState =
        !queryState &&
        ((['09', '11'].includes(entry.food.group) && entry.words.has('raw')) ||
          (['05', '10', '13', '15', '17', '20'].includes(entry.food.group) &&
            (entry.words.has('cooked') || entry.words.has('roasted'))));
      const score = 0.6 * coverage + 0.25 * headPrecision + 0.15 * precision + (defaultState ? 0.05 : 0);
      if (!best || score > best.score + 1e-9) best = { entry, score };
    }
    if (!best) return null;
    return { food: best.entry.food, score: Math.min(1, best.score), via: fuzzy ? 'fuzzy' : 'words' };
  };
}
