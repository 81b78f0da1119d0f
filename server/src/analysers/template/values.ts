/**
 * Typed parsing of found text: numbers and money with either decimal separator, dates with
 * strftime-style formats or month names in several languages (chrono-node as the last resort),
 * booleans. Every parser returns `null` when the text is not a value of its type.
 */
import * as chrono from 'chrono-node';
import type { FieldType } from './definition.ts';
import { monthNumber } from './months.ts';

/** What typed parsing needs from the template's options. */
export interface ValueOptions {
  decimal_separator?: '.' | ',' | undefined;
  date_formats?: string[] | undefined;
  languages?: string[] | undefined;
  date_order?: 'DMY' | 'MDY' | undefined;
}

export type ScalarValue = string | number | boolean;

/** Parses `text` as `type`; `null` when it is not one. Strings are trimmed. */
export function parseValue(
  text: string,
  type: FieldType | undefined,
  options: ValueOptions,
): ScalarValue | null {
  switch (type) {
    case 'number':
    case 'money':
      return parseNumber(text, options.decimal_separator);
    case 'date':
      return parseDate(text, options);
    case 'boolean':
      return parseBoolean(text);
    default:
      return text.trim();
  }
}

/**
 * A number as printed on an invoice: `1.234,56`, `1,234.56`, `1 234,56`, `-12`, `12-`, `(12.00)`,
 * with or without a currency symbol or code around it. The decimal separator is the template's
 * when it gives one; otherwise the last separator followed by other than three digits is decimal.
 */
export function parseNumber(text: string, decimalSeparator?: '.' | ','): number | null {
  let s = text.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  // Drop currency symbols and codes, keeping digits, separators and signs.
  s = s.replace(/[\p{Sc}]|\b[A-Z]{3}\b/gu, '').trim();
  if (/^[-−–]/.test(s) || /[-−–]$/.test(s)) negative = true;
  s = s.replace(/^[-−–+]\s*|\s*[-−–]$/g, '');
  s = s.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(s) && !/^[.,]\d+$/.test(s)) return null;
  const decimal = decimalSeparator ?? guessDecimal(s);
  const thousands = decimal === '.' ? ',' : '.';
  s = s.split(thousands).join('');
  if (decimal === ',') s = s.replace(',', '.');
  if ((s.match(/\./g) ?? []).length > 1) return null;
  const value = Number(s);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

function guessDecimal(s: string): '.' | ',' {
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (last < 0) return '.';
  const sep = s[last] as '.' | ',';
  const digitsAfter = s.length - last - 1;
  const both = s.includes('.') && s.includes(',');
  if (both) return sep;
  // One kind of separator: decimal unless it groups thousands (exactly three digits, or repeated).
  const count = s.split(sep).length - 1;
  if (count > 1) return sep === '.' ? ',' : '.';
  return digitsAfter === 3 ? (sep === '.' ? ',' : '.') : sep;
}

/** `true`/`false` from yes/no words, x/✓ marks and 1/0. */
export function parseBoolean(text: string): boolean | null {
  const s = text.trim().toLowerCase();
  if (/^(true|yes|y|ja|oui|si|sí|1|x|✓|✔|☑)$/.test(s)) return true;
  if (/^(false|no|n|nein|non|nee|0|☐)$/.test(s)) return false;
  return null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 100) year += year < 70 ? 2000 : 1900;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * A date as ISO `YYYY-MM-DD`. Tries the template's formats, then numeric day-first forms (the
 * usual order outside the US unless the template says otherwise), ISO, month names in the given
 * languages (and English, German, Dutch, French, Spanish, Italian, Portuguese), then chrono-node.
 */
export function parseDate(text: string, options: ValueOptions = {}): string | null {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  for (const format of options.date_formats ?? []) {
    const parsed = parseWithFormat(s, format, options.languages);
    if (parsed) return parsed;
  }
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(s);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{2,4})\b/.exec(s);
  if (m) {
    const [a, b, y] = [+m[1]!, +m[3]!, +m[4]!];
    return monthFirst(m[2]!, options)
      ? (isoDate(y, a, b) ?? isoDate(y, b, a))
      : (isoDate(y, b, a) ?? isoDate(y, a, b));
  }
  // "20. März 2020", "1 februari 2020", "7 de mayo de 2014"
  m = /^(\d{1,2})(?:st|nd|rd|th)?\.?\s*(?:de\s+)?([\p{L}.]+)\.?,?\s*(?:de\s+)?(\d{2,4})\b/u.exec(s);
  if (m) {
    const month = monthNumber(m[2]!, options.languages);
    if (month) return isoDate(+m[3]!, month, +m[1]!);
  }
  // "May 7, 2014", "März 20 2020"
  m = /^([\p{L}.]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2,4})\b/u.exec(s);
  if (m) {
    const month = monthNumber(m[1]!, options.languages);
    if (month) return isoDate(+m[3]!, month, +m[2]!);
  }
  const found = chrono.parseDate(s, { timezone: 'UTC' } as never);
  if (found) return isoDate(found.getFullYear(), found.getMonth() + 1, found.getDate());
  return null;
}

/** Whether a numeric date with this separator reads month first (see `date_order` in the schema). */
function monthFirst(separator: string, options: ValueOptions): boolean {
  if (options.date_order) return options.date_order === 'MDY';
  if (separator === '.') return false;
  const languages = options.languages ?? [];
  return languages.length === 0 || languages.some((l) => l.toLowerCase().startsWith('en'));
}

/** Python strftime directives → a regex with named parts. */
function parseWithFormat(text: string, format: string, languages: string[] | undefined): string | null {
  let re = '';
  const parts: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' && i + 1 < format.length) {
      const d = format[++i]!;
      const map: Record<string, [string, string]> = {
        d: ['(\\d{1,2})', 'day'],
        m: ['(\\d{1,2})', 'month'],
        Y: ['(\\d{4})', 'year'],
        y: ['(\\d{2})', 'year'],
        b: ['([\\p{L}.]+)', 'monthName'],
        B: ['([\\p{L}.]+)', 'monthName'],
      };
      const entry = map[d];
      if (entry) {
        re += entry[0];
        parts.push(entry[1]);
      } else if (d === '%') re += '%';
      else re += '.*?';
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*');
  }
  const m = new RegExp(`^${re}$`, 'iu').exec(text);
  if (!m) return null;
  let day = 0;
  let month = 0;
  let year = 0;
  parts.forEach((part, k) => {
    const v = m[k + 1]!;
    if (part === 'day') day = +v;
    else if (part === 'month') month = +v;
    else if (part === 'year') year = +v;
    else month = monthNumber(v, languages) ?? 0;
  });
  return month && day && year ? isoDate(year, month, day) : null;
}

/** The smallest (`sign` -1) or largest (`sign` 1) value; numbers and ISO dates compare naturally. */
export function extreme(values: readonly ScalarValue[], sign: 1 | -1): ScalarValue {
  let best = values[0]!;
  for (const v of values.slice(1)) if ((sign < 0 && v < best) || (sign > 0 && v > best)) best = v;
  return best;
}
