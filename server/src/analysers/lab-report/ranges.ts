import { parseNumber, type ResultValue } from './values.ts';

/** A reference interval read from its printed form. */
export interface ParsedRange {
  low: number | null;
  high: number | null;
  /** `<5` excludes 5; `up to 5` and `≤5` include it. */
  lowInclusive: boolean;
  highInclusive: boolean;
  /** For qualitative intervals such as `Negative` or `Clear`. */
  text: string | null;
}

const NUM = String.raw`[-+]?\d+(?:[.,]\d+)?`;
/** Labels that introduce a printed interval inside a cell, e.g. `[ref: < 5.0]`, `normal range 4-11`. */
const RANGE_LABEL_RE =
  /(\[|\()?\s*(ref(?:erence)?\.?(?:\s*(?:range|interval|value|values))?|normal(?:\s*(?:range|value|values))?|bio\.?\s*ref\.?(?:\s*interval)?|nr|rr)\s*[:=]?\s*/i;
/** The shapes an interval itself can take. */
/** Words for "up to" / "below" and "above" in English, French, German, Dutch and Spanish. */
const UPPER_WORDS = String.raw`up\s*to|upto|less\s+than|below|until|jusqu['’]\s*[àa]|inf[ée]rieur\s+[àa]|bis|unter|kleiner\s+als|tot|lager\s+dan|hasta|menor\s+(?:de|que)`;
const LOWER_WORDS = String.raw`more\s+than|greater\s+than|above|sup[ée]rieur\s+[àa]|über|gr[öo]ßer\s+als|hoger\s+dan|mayor\s+(?:de|que)`;
const RANGE_BODY_RES: RegExp[] = [
  new RegExp(String.raw`^[([]?\s*${NUM}\s*(?:-|–|—|to|à|a|bis|tot)\s*${NUM}\s*[)\]]?`, 'i'),
  new RegExp(String.raw`^[([]?\s*(?:<=|>=|≤|≥|<|>|=<|=>)\s*${NUM}\s*[)\]]?`, 'i'),
  new RegExp(String.raw`^[([]?\s*(?:${UPPER_WORDS}|${LOWER_WORDS})\s*${NUM}\s*[)\]]?`, 'i'),
  /^[([]?\s*(?:male|female|men|women|m|f)\s*[:-]/i,
];
const QUALITATIVE_RANGE_RE =
  /^(negative|nil|absent|none seen|none|not detected|non[- ]?reactive|clear|normal|pale yellow|yellow|few|rare|trace|n[ée]gati[fv]e?|negatie[fv]|negativ[oa]|absence|nicht nachweisbar|niet aantoonbaar|no detectado)(?![\p{L}])/iu;

/** A whole cell that is a qualitative interval (`Negative`, `(négatif)`, `[Clear]`), without brackets; else null. */
export function qualitativeRange(text: string): string | null {
  const s = cleanRange(text);
  const m = QUALITATIVE_RANGE_RE.exec(s);
  return m && m[0].length === s.length ? s : null;
}

/** Whether `text` begins with a printed interval (numeric or sex-specific). */
export function startsWithRange(text: string): boolean {
  const s = text.trim();
  return RANGE_BODY_RES.some((re) => re.test(s));
}

/**
 * Splits a cell tail such as `mmol/L [ref: < 5.0]` or `g/L normal range 130 - 180` into the text
 * before the interval (unit, flags) and the interval as printed (labels and brackets removed).
 */
export function splitRange(text: string): { before: string; range: string | null } {
  const labelled = RANGE_LABEL_RE.exec(text);
  if (labelled && (labelled[1] || labelled[2])) {
    const after = text.slice(labelled.index + labelled[0].length);
    const body = cleanRange(after);
    if (body && (startsWithRange(body) || QUALITATIVE_RANGE_RE.test(body))) {
      return { before: text.slice(0, labelled.index).trim(), range: body };
    }
  }
  // An unlabelled interval: the first position where a range shape starts after a word boundary.
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && !/[\s(]/.test(text[i - 1]!)) continue;
    const rest = text.slice(i);
    if (startsWithRange(rest)) return { before: text.slice(0, i).trim(), range: cleanRange(rest) };
  }
  return { before: text.trim(), range: null };
}

/** An interval as printed, without the brackets and labels around it. */
export function cleanRange(printed: string): string {
  let s = printed.trim().replace(/\s+/g, ' ');
  s = s.replace(RANGE_LABEL_RE, (m, bracket: string | undefined, label: string | undefined) =>
    s.startsWith(m) && (bracket || label) ? '' : m,
  );
  s = s.trim();
  if (/^\[.*\]$/.test(s) || /^\(.*\)$/.test(s)) s = s.slice(1, -1).trim();
  s = s.replace(/^[[(]\s*/, '').replace(/\s*[\])]$/, '');
  return s.trim();
}

const INTERVAL_RE = new RegExp(String.raw`^(${NUM})\s*(?:-|–|—|to|à|a|bis|tot)\s*(${NUM})$`, 'i');
const BOUND_RE = new RegExp(
  String.raw`^(<=|>=|≤|≥|<|>|=<|=>|${UPPER_WORDS}|${LOWER_WORDS})\s*(${NUM})$`,
  'i',
);
const UPPER_INCLUSIVE_RE = new RegExp(String.raw`^(?:${UPPER_WORDS})$`, 'i');
const LOWER_EXCLUSIVE_RE = new RegExp(String.raw`^(?:${LOWER_WORDS})$`, 'i');

/** Reads a printed interval into bounds, or a qualitative expectation. */
export function parseRange(printed: string, decimalComma = false): ParsedRange | null {
  const s = printed.trim();
  const num = (x: string) => parseNumber(x, decimalComma);
  let m = INTERVAL_RE.exec(s);
  if (m) {
    const low = num(m[1]!);
    const high = num(m[2]!);
    if (low !== null && high !== null)
      return { low, high, lowInclusive: true, highInclusive: true, text: null };
  }
  m = BOUND_RE.exec(s);
  if (m) {
    const op = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    const bound = num(m[2]!);
    if (bound === null) return null;
    if (
      ['<', 'less than', 'below', 'lager dan', 'unter', 'kleiner als'].includes(op) ||
      /^(inf|menor)/.test(op)
    )
      return { low: null, high: bound, lowInclusive: true, highInclusive: false, text: null };
    if (['<=', '≤', '=<'].includes(op) || UPPER_INCLUSIVE_RE.test(op))
      return { low: null, high: bound, lowInclusive: true, highInclusive: true, text: null };
    if (op === '>' || LOWER_EXCLUSIVE_RE.test(op))
      return { low: bound, high: null, lowInclusive: false, highInclusive: true, text: null };
    return { low: bound, high: null, lowInclusive: true, highInclusive: true, text: null };
  }
  if (/^\p{L}[\p{L} -]*$/u.test(s))
    return { low: null, high: null, lowInclusive: true, highInclusive: true, text: s.toLowerCase() };
  return null;
}

/** For sex-specific intervals (`M: 13-17 F: 12-15`), the part that applies to the patient. */
export function pickSexSpecific(printed: string, sex: 'M' | 'F' | null): string | null {
  const parts = [
    ...printed.matchAll(
      /(male|female|men|women|m|f)\s*[:-]\s*([^;,]*?)(?=\s*(?:[;,]|\b(?:male|female|men|women|m|f)\s*[:-]|$))/gi,
    ),
  ];
  if (parts.length === 0 || !sex) return null;
  for (const part of parts) {
    const who = part[1]!.toLowerCase();
    const isFemale = who.startsWith('f') || who === 'women';
    if ((sex === 'F') === isFemale) return part[2]!.trim();
  }
  return null;
}

const NEGATIVE_WORDS = new Set([
  'négatif',
  'negatif',
  'négative',
  'negativ',
  'negatief',
  'negativo',
  'negativa',
  'absence',
  'nicht nachweisbar',
  'niet aantoonbaar',
  'no detectado',
  'non détecté',
  'negative',
  'neg',
  'nil',
  'absent',
  'none',
  'none seen',
  'not seen',
  'not detected',
  'non reactive',
  'non-reactive',
  'nonreactive',
  'normal',
  'not found',
  'no growth',
]);

function normalWord(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether a value lies within a printed interval: true/false when the value and interval can be
 * compared, null when they cannot (the caller then falls back to the printed flag).
 */
export function withinRange(value: ResultValue, range: ParsedRange, decimalComma = false): boolean | null {
  if (typeof value === 'number') {
    if (range.text !== null) return null;
    if (range.low !== null && (range.lowInclusive ? value < range.low : value <= range.low)) return false;
    if (range.high !== null && (range.highInclusive ? value > range.high : value >= range.high)) return false;
    return true;
  }
  const comparator = /^(<=|>=|<|>)\s*(.+)$/.exec(value);
  if (comparator && range.text === null) {
    const bound = parseNumber(comparator[2]!, decimalComma);
    if (bound === null) return null;
    // `<x`: the true value is below x; it is normal when x does not exceed the upper limit and
    // the interval has no lower limit at or above x.
    if (comparator[1]!.startsWith('<')) {
      if (range.high !== null && bound > range.high) return null;
      return range.low === null || bound > range.low ? true : false;
    }
    if (range.low !== null && bound < range.low) return null;
    return range.high === null || bound < range.high ? true : false;
  }
  const ordinal = /^(\d+)\s*[-–]\s*(\d+)$/.exec(value);
  if (ordinal && range.text === null) {
    const hi = Number(ordinal[2]);
    const lo = Number(ordinal[1]);
    if (range.high !== null && hi > range.high) return false;
    if (range.low !== null && lo < range.low) return false;
    return true;
  }
  if (range.text !== null) {
    const v = normalWord(value);
    const r = normalWord(range.text);
    if (v === r) return true;
    if (NEGATIVE_WORDS.has(r)) return NEGATIVE_WORDS.has(v);
    return false;
  }
  return null;
}

const DIGITS_RANGE_RE = /^(\d+(?:\.\d+)?)(\s*(?:-|–|to)\s*)(\d+(?:\.\d+)?)$/i;

function decimals(n: string): number {
  return n.includes('.') ? n.length - n.indexOf('.') - 1 : 0;
}

function withPoint(digits: string, places: number): string | null {
  if (places < 1 || digits.length <= places) return null;
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/**
 * Two decimal numbers whose dash OCR lost (`3.55.2` for `3.5-5.2`): a number has one decimal
 * mark, so the digits between the two marks hold the first number's decimals and the second's
 * whole part. Bounds of an interval share their decimal places, which fixes the split; it is
 * taken only when the lower bound comes out below the upper. When OCR lost the second mark as
 * well (`3,551` for `3,5-5,1`), the digits after the one mark are the low bound's decimals, the
 * high bound's whole part and its decimals, as many as the low bound's: the split is taken only
 * when a single one puts the low bound below the high one.
 */
export function joinedBounds(printed: string): string | null {
  const s = cleanRange(printed);
  const m = /^(\d+)([.,])(\d+)\2(\d+)$/.exec(s);
  if (!m) return lostBothMarks(s);
  const [, whole, mark, middle, decimalsText] = m as unknown as [string, string, string, string, string];
  const places = decimalsText.length;
  if (middle.length <= places) return null;
  const low = `${whole}${mark}${middle.slice(0, places)}`;
  const high = `${middle.slice(places)}${mark}${decimalsText}`;
  if (Number(low.replace(',', '.')) >= Number(high.replace(',', '.'))) return null;
  return `${low}-${high}`;
}

/** `3,551` -> `3,5-5,1` (see {@link joinedBounds}); null when no split or several fit. */
function lostBothMarks(s: string): string | null {
  const m = /^(\d+)([.,])(\d{3,})$/.exec(s);
  if (!m) return null;
  const [, whole, mark, digits] = m as unknown as [string, string, string, string];
  const fits: string[] = [];
  for (let places = 1; places * 2 < digits.length; places++) {
    const low = `${whole}.${digits.slice(0, places)}`;
    const highWhole = digits.slice(places, digits.length - places);
    const high = `${highWhole}.${digits.slice(-places)}`;
    if (highWhole.length > 1 && highWhole.startsWith('0')) continue;
    if (Number(low) < Number(high)) fits.push(`${low}-${high}`.replaceAll('.', mark));
  }
  return fits.length === 1 ? fits[0]! : null;
}

/**
 * A lower bound whose `≥` OCR read as a `2` (`240` for `≥40`, `21.0` for `≥1.0`): a lone number
 * where an interval is printed is no interval, and one starting with 2 is read as `≥` and the
 * rest, when the rest is a number in its own right (`20` and `205` are not `≥0` or `≥05`) of at
 * most two whole digits (`2733` is more likely `27-33` with its dash lost). Returns the interval,
 * or null.
 */
export function greaterEqualReadAsTwo(printed: string): string | null {
  const m = /^2(\d{1,2}(?:[.,]\d+)?)$/.exec(cleanRange(printed));
  if (!m) return null;
  const rest = m[1]!;
  if (/^0(?![.,])/.test(rest)) return null;
  return `≥${rest}`;
}

/**
 * An interval at the start of a cell OCR read with something glued after it (`20-45%`,
 * `4,0-10,0 10M`, `[135 - 145] mmol`): the interval, and the rest (a unit as OCR read it) without
 * brackets. Null when the cell does not start with a numeric interval or is one already.
 */
export function leadingInterval(printed: string): { range: string; rest: string } | null {
  const s = printed.trim();
  for (const re of RANGE_BODY_RES.slice(0, 3)) {
    const m = re.exec(s);
    if (!m) continue;
    const rest = s
      .slice(m[0].length)
      .replace(/^[\s)\]]+|[\s([]+$/g, '')
      .trim();
    if (rest === '') return null;
    const range = cleanRange(m[0]);
    return parseRange(range) ? { range, rest } : null;
  }
  return null;
}

/**
 * Repairs an interval read by OCR (decimal point form only): a letter O for a zero before `to`
 * (`Oto 40`), a lower bound that lost its decimal point and now exceeds the upper bound (`40to5.6`
 * for `4.0 to 5.6`, given the upper bound's decimals), and two integer bounds that both lost one
 * (`75to115` for `7.5 to 11.5`) when a value printed with decimals lies outside the interval as
 * read but inside it with one decimal place. Anything else is returned unchanged.
 */
export function repairOcrRange(range: string, value: ResultValue): string {
  let s = range.replace(/^[Oo](?=\s*(?:to\b|-|–)\s*\d)/i, '0');
  // A number printed with a leading zero (`08`, `06`) is a decimal whose point or comma was lost.
  const leadingZero = /(?<![\d.,])0(\d+)(?![\d.,])/g;
  const lostPoint = leadingZero.test(s);
  s = s.replace(leadingZero, '0.$1');
  const joined = joinedBounds(s);
  if (joined !== null) return joined;
  const m = DIGITS_RANGE_RE.exec(s);
  if (!m) return s;
  const [, lowText, sep, highText] = m as unknown as [string, string, string, string];
  if (lostPoint && decimals(lowText) > 0 && decimals(highText) === 0) {
    // Bounds of one interval share their decimal places (`0,8 - 1,2` read as `08-12`).
    const high = withPoint(highText, decimals(lowText));
    if (high !== null && Number(high) > Number(lowText)) return `${lowText}${sep}${high}`;
  }
  const low = Number(lowText);
  const high = Number(highText);
  if (low > high && decimals(lowText) === 0) {
    const fixed = withPoint(lowText, decimals(highText));
    if (fixed !== null && Number(fixed) < high) return `${fixed}${sep}${highText}`;
  }
  if (
    typeof value === 'number' &&
    !Number.isInteger(value) &&
    decimals(lowText) === 0 &&
    decimals(highText) === 0 &&
    lowText.length >= 2 &&
    highText.length >= 2 &&
    low < high &&
    (value < low || value > high) &&
    value >= low / 10 &&
    value <= high / 10
  ) {
    return `${withPoint(lowText, 1)}${sep}${withPoint(highText, 1)}`;
  }
  return s;
}
