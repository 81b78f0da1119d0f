/**
 * Lexing of the value part of a result row: numbers (with `.` or `,` decimals, `<`/`>` prefixes),
 * ordinal and qualitative results, and the flags printed beside them.
 */

/** A result value: a number when a plain number is printed, otherwise the text as printed. */
export type ResultValue = number | string;

/** Qualitative results, longest phrases first so `Not detected` wins over `Not`. */
const QUALITATIVE = [
  'non reactive',
  'non-reactive',
  'nonreactive',
  'not detected',
  'none seen',
  'not seen',
  'not found',
  'light yellow',
  'pale yellow',
  'dark yellow',
  'straw yellow',
  'straw coloured',
  'straw colored',
  'slightly turbid',
  'slightly cloudy',
  'slightly hazy',
  'very few',
  'no growth',
  'within normal limits',
  'negative',
  'positive',
  'reactive',
  'detected',
  'absent',
  'present',
  'nil',
  'none',
  'trace',
  'normal',
  'abnormal',
  'clear',
  'cloudy',
  'turbid',
  'hazy',
  'yellow',
  'straw',
  'amber',
  'colorless',
  'colourless',
  'red',
  'brown',
  'orange',
  'few',
  'occasional',
  'occ',
  'many',
  'moderate',
  'plenty',
  'numerous',
  'rare',
  'small',
  'large',
  'acidic',
  'alkaline',
  'neg',
  'pos',
  'equivocal',
  'indeterminate',
  'borderline',
  // French, German, Dutch, Spanish
  'négatif',
  'negatif',
  'négative',
  'negativ',
  'negatief',
  'negativo',
  'negativa',
  'positif',
  'positive',
  'positiv',
  'positief',
  'positivo',
  'positiva',
  'traces',
  'spuren',
  'sporen',
  'trazas',
  'absence',
  'présence',
  'nicht nachweisbar',
  'niet aantoonbaar',
  'no detectado',
  'non détecté',
];
const QUALITATIVE_RE = new RegExp(
  `^(${QUALITATIVE.map((q) => q.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![a-z])`,
  'i',
);
/** ABO groups with an optional Rh sign, e.g. `A`, `AB`, `O Positive`, `B+`. */
const BLOOD_GROUP_RE = /^(AB|A|B|O)(\s*(Rh)?\s*(positive|negative|pos|neg|\+|-))?(?![A-Za-z0-9])/;
/** A number with optional comparator; decimal comma or point; `7,880` style thousands allowed. */
const NUMBER_RE =
  /^(<=|>=|≤|≥|<|>|=)?\s*([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|[.,]\d+))(?![\d/:]|[.,]\d|[-–]\s?\d|\s?(?:to)\s+\d)/;
/** Ordinal counts printed as ranges or grades: `2-3`, `0 - 1`, `1+`, `++`, `3-5 /hpf`. */
const ORDINAL_RE = /^(\d+\s?[-–]\s?\d+(?![\d.,])|[1-4]\+|\+{1,4}|\(\+{1,4}\))(?![\w])/;

/** Digits grouped in threes by (no-break, thin) spaces: `7 450`, `1 000 000`. */
const SPACED_GROUPS = String.raw`(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d])`;
const SPACED_INTERVAL_RE = new RegExp(String.raw`${SPACED_GROUPS}(\s*[-–—]\s*)${SPACED_GROUPS}`, 'g');
const SPACED_NUMBER_RE = new RegExp(String.raw`${SPACED_GROUPS}(?!\s*[-–—])`, 'g');
const joinGroups = (m: string) => m.replace(/(?<=\d)[ \u00a0\u2009\u202f](?=\d)/g, '');

/**
 * Numbers grouped in threes by spaces, the SI and French style (`7 450`, `4 000 – 10 000`,
 * `1 234,5`), joined into one number each. A group before a dash is joined only when the number
 * after the dash is grouped too: `13 120-160` is a value and an interval, not 13120.
 */
export function joinSpacedThousands(text: string): string {
  return text.replace(SPACED_INTERVAL_RE, joinGroups).replace(SPACED_NUMBER_RE, joinGroups);
}

/** The value lexed at the start of a string, and the text after it. */
export interface LexedValue {
  value: ResultValue;
  /** The value as printed. */
  printed: string;
  kind: 'number' | 'comparator' | 'ordinal' | 'qualitative';
  rest: string;
}

/**
 * Reads the number a printed string stands for: decimal comma or point; a comma followed by exactly
 * three digits is a thousands separator unless the document uses decimal commas.
 */
export function parseNumber(printed: string, decimalComma = false): number | null {
  let s = printed.trim().replace(/\s+/g, '');
  if (!/^[-+]?(\d[\d,.]*|[.,]\d+)$/.test(s)) return null;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) && !decimalComma) s = s.replace(/,/g, '');
  // Where commas are decimal marks, points group thousands (`7.420`, `150.000`).
  else if (decimalComma && /^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Lexes a result value at the start of `text`, or returns null when it does not start with one. */
export function lexValue(text: string, decimalComma = false): LexedValue | null {
  const s = text.trim();
  const ordinal = ORDINAL_RE.exec(s);
  if (ordinal)
    return { value: ordinal[0], printed: ordinal[0], kind: 'ordinal', rest: s.slice(ordinal[0].length) };
  const number = NUMBER_RE.exec(s);
  if (number) {
    const [printed, comparator, digits] = number as unknown as [string, string | undefined, string];
    const n = parseNumber(digits, decimalComma);
    if (n !== null) {
      if (comparator && comparator !== '=') {
        const op = comparator === '≤' ? '<=' : comparator === '≥' ? '>=' : comparator;
        return {
          value: `${op}${digits.replace(/\s+/g, '')}`,
          printed,
          kind: 'comparator',
          rest: s.slice(printed.length),
        };
      }
      return { value: n, printed, kind: 'number', rest: s.slice(printed.length) };
    }
  }
  const qualitative = QUALITATIVE_RE.exec(s) ?? BLOOD_GROUP_RE.exec(s);
  if (qualitative) {
    const printed = qualitative[0].replace(/\s+/g, ' ');
    return { value: printed, printed, kind: 'qualitative', rest: s.slice(qualitative[0].length) };
  }
  return null;
}

/** Whether a whole cell is a free-text result (used when the cell sits in the result column). */
export function isFreeTextValue(cell: string): boolean {
  return /^\p{L}[\p{L} .'-]{0,30}$/u.test(cell.trim()) && cell.trim().split(/\s+/).length <= 3;
}

/** Normalised abnormal flag codes (HL7 table 0078 style). */
export type Flag = 'H' | 'L' | 'HH' | 'LL' | 'A' | 'AA';

const FLAG_WORDS: Record<string, Flag> = {
  h: 'H',
  high: 'H',
  hi: 'H',
  '↑': 'H',
  '⬆': 'H',
  '▲': 'H',
  '^': 'H',
  above: 'H',
  l: 'L',
  low: 'L',
  lo: 'L',
  '↓': 'L',
  '⬇': 'L',
  '▼': 'L',
  below: 'L',
  hh: 'HH',
  '↑↑': 'HH',
  'critical high': 'HH',
  'critically high': 'HH',
  ch: 'HH',
  ll: 'LL',
  '↓↓': 'LL',
  'critical low': 'LL',
  'critically low': 'LL',
  cl: 'LL',
  a: 'A',
  abnormal: 'A',
  abn: 'A',
  '*': 'A',
  '**': 'AA',
  '!': 'A',
  critical: 'AA',
  aa: 'AA',
};

/** Reads a printed flag (`H`, `[L]`, `(H)`, `↑`, `High`, `*`, `H*`), or null. */
export function parseFlag(text: string): Flag | null {
  const s = text
    .trim()
    .replace(/^[[(]\s*|\s*[\])]$/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (s === '') return null;
  if (FLAG_WORDS[s]) return FLAG_WORDS[s];
  const starred = /^(h|l|hh|ll|a|high|low)\s?\*+$/.exec(s);
  if (starred) return FLAG_WORDS[starred[1]!] ?? null;
  return null;
}

/** Pulls flag tokens out of free text, returning the flags and the text without them. */
export function extractFlags(text: string): { flags: Flag[]; rest: string } {
  const flags: Flag[] = [];
  let rest = text.replace(/[↑↓⬆⬇▲▼]{1,2}/g, (m) => {
    const f = parseFlag(m);
    if (f) flags.push(f);
    return ' ';
  });
  rest = rest.replace(
    /(^|\s)(\[(?:H|L|HH|LL|A)\]|\((?:H|L|HH|LL|A)\)|\*{1,2}|(?:H|L|HH|LL|A)\*?|High|Low|Abnormal|Critical(?:ly)? (?:High|Low))(?=\s|$)/g,
    (m, lead: string, token: string) => {
      const f = parseFlag(token);
      if (!f) return m;
      flags.push(f);
      return lead;
    },
  );
  return { flags, rest: rest.replace(/\s+/g, ' ').trim() };
}
