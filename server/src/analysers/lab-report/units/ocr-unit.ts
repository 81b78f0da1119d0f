/**
 * Reads a unit OCR garbled (`umollL`, `pgdL`, `mEgL`, `mmvhr`, `mmol` with its `/L` lost) as the
 * known unit it most plausibly was. Candidates are the spellings of the synonym table; each is
 * scored by an edit distance in which the confusions OCR really makes (micro sign read as `u`,
 * `p`, `y` or `j`; `l`, `I`, `1`, `|` and `/` for one another; `q` for `g`; a thin glyph lost)
 * cost a fraction of an arbitrary edit. When the test is known, only units of a class the test
 * is reported in count, so the analyte decides between `pmol/L` and `µmol/L`-like readings.
 */

import { knownUnitKeys, synonymUcum, unitKey } from './synonyms.ts';
import { type UnitClass, unitClassOf } from './ucum.ts';

/** Groups of characters OCR reads for one another in units (compared in lower case). */
const CONFUSABLE: readonly string[] = ['upyjµ', 'l1i|/!j', 'gq9', 'o0', 'vu/', 'rn', 'hb', '^%°"*7'];
/** Thin or small glyphs that OCR drops or invents at little cost. */
const THIN = new Set(['/', 'l', 'i', '|', '.', '1', "'", '^']);

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  return CONFUSABLE.some((g) => g.includes(a) && g.includes(b)) ? 0.35 : 1;
}

function indel(c: string): number {
  return THIN.has(c) ? 0.45 : 1;
}

/** Glyph pairs OCR reads as one letter: `/l` as `A` or `N` (`uA`, `UN` for `U/l`). */
const MERGED: readonly [string, string][] = [
  ['a', '/l'],
  ['n', '/l'],
];

/**
 * Weighted edit distance between two unit keys (see the module comment for the weights); a letter
 * that stands for two merged glyphs may be read as them at the price of one cheap confusion.
 */
export function ocrUnitDistance(read: string, known: string): number {
  let best = editDistance(read, known);
  for (const [letter, glyphs] of MERGED) {
    for (let i = read.indexOf(letter); i >= 0; i = read.indexOf(letter, i + 1)) {
      const split = `${read.slice(0, i)}${glyphs}${read.slice(i + 1)}`;
      best = Math.min(best, 0.35 + editDistance(split, known));
    }
  }
  return best;
}

function editDistance(read: string, known: string): number {
  const prev = new Array<number>(known.length + 1);
  const cur = new Array<number>(known.length + 1);
  prev[0] = 0;
  for (let j = 1; j <= known.length; j++) prev[j] = prev[j - 1]! + indel(known[j - 1]!);
  for (let i = 1; i <= read.length; i++) {
    cur[0] = prev[0]! + indel(read[i - 1]!);
    for (let j = 1; j <= known.length; j++) {
      cur[j] = Math.min(
        prev[j - 1]! + substitution(read[i - 1]!, known[j - 1]!),
        prev[j]! + indel(read[i - 1]!),
        cur[j - 1]! + indel(known[j - 1]!),
      );
    }
    for (let j = 0; j <= known.length; j++) prev[j] = cur[j]!;
  }
  return prev[known.length]!;
}

/** How a resolved key is printed: micro sign, capital litre, `IU`, `mEq`, `fL`. */
export function displayUnit(key: string): string {
  return (
    key
      .replace(/(^|\/|\^\d\/)u(?=g|mol|l|iu|u\/|m3)/g, '$1µ')
      .replace(/iu/g, 'IU')
      .replace(/meq/g, 'mEq')
      .replace(/(?<=\/|^|d|m|µ|f)l$/, 'L')
      .replace(/(?<=\/)([dmµ]?)l(?=\b|$)/, '$1L')
      .replace(/^k\//, 'K/')
      .replace(/^(m?)u\//, '$1U/')
      // Reports print powers of ten with `^` (`10^9/L`); `10*9` is UCUM's code, not a printed form.
      .replace(/10\*(?=\d)/g, '10^')
  );
}

/** What the matched test expects of its unit, when a test was matched. */
export interface ExpectedUnit {
  /** Unit classes the test is reported in (`none` allowed and ignored). */
  classes: readonly (UnitClass | 'none')[];
}

/**
 * The known unit a garbled OCR reading stands for, as it would be printed, or null when no
 * candidate is close enough. With no expected classes the bar is stricter (one cheap confusion
 * per three characters); with them, a candidate must be of an expected class.
 */
export function resolveOcrUnit(read: string, expected: ExpectedUnit | null): string | null {
  const key = unitKey(read.replace(/[.,;:'`]+$/, ''));
  if (key.length < 2 || key.length > 14 || !/[a-zµ%/]/.test(key)) return null;
  if (synonymUcum(key) && !expected) return null;
  const classes = expected?.classes.filter((c) => c !== 'none') ?? [];
  let best: { key: string; cost: number } | null = null;
  let runnerUp = Number.POSITIVE_INFINITY;
  for (const known of knownUnitKeys()) {
    if (classes.length > 0 && !classes.includes(unitClassOf(synonymUcum(known) ?? null) ?? 'other')) continue;
    const cost = ocrUnitDistance(key, known);
    if (!best || cost < best.cost) {
      if (best) runnerUp = Math.min(runnerUp, best.cost);
      best = { key: known, cost };
    } else runnerUp = Math.min(runnerUp, cost);
  }
  if (!best) return null;
  const budget = (classes.length > 0 ? 0.3 : 0.18) * Math.max(best.key.length, key.length);
  // Two candidates read equally well: the page does not say which it was.
  const sameUcum = (k: string) => synonymUcum(k) === synonymUcum(best!.key);
  if (best.cost > budget || (runnerUp - best.cost < 0.2 && !tiesAgree(key, best, classes, sameUcum)))
    return null;
  return displayUnit(best.key);
}

/** Whether every candidate as close as the best one means the same UCUM unit. */
function tiesAgree(
  key: string,
  best: { key: string; cost: number },
  classes: readonly (UnitClass | 'none')[],
  sameUcum: (k: string) => boolean,
): boolean {
  return knownUnitKeys().every((known) => {
    if (classes.length > 0 && !classes.includes(unitClassOf(synonymUcum(known) ?? null) ?? 'other'))
      return true;
    return ocrUnitDistance(key, known) - best.cost >= 0.2 || sameUcum(known);
  });
}
