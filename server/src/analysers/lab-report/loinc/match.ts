import { LRUCache } from 'lru-cache';
import type { UnitClass } from '../units/ucum.ts';
import { normaliseTestName } from './normalise.ts';
import { LOINC_TESTS } from './tests.ts';
import { TRANSLATED_NAMES } from './translations.ts';
import type { LoincTest } from './types.ts';

/** What the matcher knows about a printed result besides its name. */
export interface MatchContext {
  /** Class of the printed unit, null when no unit was printed, undefined when unrecognised. */
  unitClass: UnitClass | null | undefined;
  /** The section heading the result sits under. */
  sectionName: string | null;
}

/** A mapped test and how it was found (1 = exact printed name, lower for looser forms). */
export interface LoincMatch {
  test: LoincTest;
  quality: number;
}

const INDEX = new Map<string, LoincTest[]>();
for (const test of LOINC_TESTS) {
  for (const name of test.names) {
    const list = INDEX.get(name) ?? [];
    list.push(test);
    INDEX.set(name, list);
  }
}
// French, German, Dutch and Spanish names share the terms of their English name.
for (const [english, names] of Object.entries(TRANSLATED_NAMES)) {
  const terms = INDEX.get(normaliseTestName(english));
  if (!terms) throw new Error(`translations.ts: "${english}" is not a printed name of any term`);
  for (const name of names.split('|').map(normaliseTestName)) {
    const list = INDEX.get(name) ?? [];
    for (const term of terms) if (!list.includes(term)) list.push(term);
    INDEX.set(name, list);
  }
}

/** Words that qualify a printed name without changing which test it is. */
const NOISE = new Set([
  'serum',
  's',
  'plasma',
  'level',
  'lvl',
  'test',
  'random',
  'value',
  'estimation',
  'quantitative',
  'quant',
  'conc',
  'concentration',
  'result',
  'by',
  'method',
  'automated',
  'auto',
  'machine',
  'cal',
  'calc',
  'calculated',
  'direct',
  'measured',
  'cont',
  'urine',
  'urinary',
  'ur',
  'u',
  'b',
  'blood',
  'whole',
  'venous',
]);
/** Words that say the result is an absolute count or a percentage. */
const COUNT_WORDS = new Set(['absolute', 'abs', 'count', 'no', 'number', '#']);
const PERCENT_WORDS = new Set(['%', 'percent', 'percentage', 'relative']);

function without(words: string[], drop: ReadonlySet<string>): string {
  return words.filter((w) => !drop.has(w)).join(' ');
}

/** Words left out of a name for each looser lookup key, in the order the keys are tried. */
const DROPPED_WORDS: readonly ReadonlySet<string>[] = [
  PERCENT_WORDS,
  new Set([...NOISE, ...PERCENT_WORDS]),
  new Set([...NOISE, ...PERCENT_WORDS, ...COUNT_WORDS]),
  new Set([...NOISE, ...PERCENT_WORDS, ...COUNT_WORDS, 'total']),
];

/**
 * The keys of printed names already seen. A service reads the same laboratories' test names all
 * day, and each row and heading of a report is tried as a name: building the keys (a dozen regular
 * expression passes) was about 4 % of a one-page report's analysis. Bounded, so what customers
 * print cannot grow it without end.
 */
const KEYS_SEEN = new LRUCache<string, readonly string[]>({ max: 10_000 });

/** Candidate lookup keys for a printed name, most specific first. */
function keysFor(printed: string): readonly string[] {
  let keys = KEYS_SEEN.get(printed);
  if (!keys) {
    keys = buildKeys(printed);
    KEYS_SEEN.set(printed, keys);
  }
  return keys;
}

function buildKeys(printed: string): string[] {
  const full = normaliseTestName(printed);
  const outside = normaliseTestName(printed.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
  const inside = [...printed.matchAll(/\(([^)]*)\)/g)].map((m) => normaliseTestName(m[1]!));
  const keys = [full, outside, ...inside];
  for (const key of [full, outside]) {
    const words = key.split(' ');
    for (const dropped of DROPPED_WORDS) keys.push(without(words, dropped));
  }
  return [...new Set(keys.filter((k) => k.length > 0))];
}

function hintedClass(printed: string): UnitClass | null {
  const words = normaliseTestName(printed).split(' ');
  if (words.some((w) => PERCENT_WORDS.has(w))) return 'percent';
  if (words.some((w) => COUNT_WORDS.has(w) && w !== 'count')) return 'count';
  if (/absolute/i.test(printed)) return 'count';
  return null;
}

function isUrineContext(printed: string, sectionName: string | null): boolean {
  // Letter boundaries by Unicode letters: `Urée` (urea) is not the abbreviation `Ur`.
  return (
    /urin|(?<!\p{L})ur(?!\p{L})|(?<!\p{L})u\./iu.test(printed) ||
    /urin|(?<!\p{L})ur(?!\p{L})|orina|(?<!\p{L})harn(?!\p{L})/iu.test(sectionName ?? '')
  );
}

/**
 * Narrows same-named candidates by specimen (urine or not), then by the printed unit's class (or the
 * `%` / `#` / "absolute" hints in the name when no unit is printed). Returns the single survivor, or
 * null when the evidence does not single one out — an unmapped test is better than a wrong code.
 */
function choose(candidates: LoincTest[], printed: string, context: MatchContext): LoincTest | null {
  const urine = isUrineContext(printed, context.sectionName);
  const bySpecimen = candidates.filter((c) => (c.specimen === 'urine') === urine);
  let pool =
    bySpecimen.length > 0
      ? bySpecimen
      : candidates.filter((c) => c.specimen === 'urine' && !urine && c.units.includes('none'));
  if (pool.length === 0) return null;

  const unitClass = context.unitClass;
  if (unitClass) {
    pool = pool.filter((c) => c.units.includes(unitClass));
  } else if (unitClass === null) {
    const hint = hintedClass(printed);
    const hinted = hint ? pool.filter((c) => c.units.includes(hint)) : [];
    const unitless = pool.filter((c) => c.units.includes('none'));
    if (hinted.length > 0) pool = hinted;
    else if (unitless.length > 0) pool = unitless;
  }
  if (pool.length === 1) return pool[0]!;
  if (pool.length > 1) {
    const hint = hintedClass(printed);
    if (hint) {
      const hinted = pool.filter((c) => c.units[0] === hint);
      if (hinted.length === 1) return hinted[0]!;
    }
    // Several terms differ only by an optional unit (e.g. none vs mass): prefer the primary class.
    const primary = pool.filter((c) => c.units[0] === unitClass);
    if (primary.length === 1) return primary[0]!;
  }
  return null;
}

/** Every word (five characters or more, or with a digit: `hba1c`) of the printed names the index knows, for OCR name repair. */
export const NAME_WORDS: readonly string[] = [
  ...new Set(
    [...INDEX.keys()].flatMap((name) =>
      name.split(/[^\p{L}\d]+/u).filter((w) => w.length >= 5 || /\d/.test(w)),
    ),
  ),
];

/** Maps a printed test name to a curated LOINC term, or null. */
export function matchLoinc(printedName: string, context: MatchContext): LoincMatch | null {
  const keys = keysFor(printedName);
  for (let i = 0; i < keys.length; i++) {
    const candidates = INDEX.get(keys[i]!);
    if (!candidates) continue;
    const test = choose(candidates, printedName, context);
    if (test) return { test, quality: i === 0 ? 1 : i <= 2 ? 0.95 : 0.9 };
  }
  return null;
}
