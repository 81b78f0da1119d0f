/**
 * Calendar dates in five languages, through chrono-node's strict parsers (month names, ordinals such
 * as `1er`, `3.`, `de marzo de`), filtered to dates that are fully printed: a day, a month and a
 * year. chrono also reads ranges, durations and decimals as dates (`for 7 days`, `11.5-16.0`);
 * those are dropped by requiring a four-digit year, or a two-digit one in a d.m.yy form.
 */
import * as chrono from 'chrono-node';
import type { DocumentLanguage } from './schema.ts';

/** A date printed in the text. */
export interface FoundDate {
  /** Offset in the searched string. */
  index: number;
  /** The printed text, e.g. `3 mars 2024`. */
  text: string;
  /** YYYY-MM-DD */
  iso: string;
  /** True when the date is all digits (its day/month order depended on the convention). */
  numeric: boolean;
}

/** How numeric dates such as 03/04/1985 are read. */
export type NumericOrder = 'day-first' | 'month-first';

const LANGUAGE_PARSERS: Record<DocumentLanguage, chrono.Chrono> = {
  en: chrono.en.GB,
  fr: chrono.fr.strict,
  de: chrono.de.strict,
  nl: chrono.nl.strict,
  es: chrono.es.strict,
};

const FOUR_DIGIT_YEAR = /(?<!\d)(1[89]\d\d|20\d\d)(?!\d)/;
const SHORT_NUMERIC = /^\d{1,2}([./-])\d{1,2}\1\d{2}(?!\d)/;
const NUMERIC = /^[\d\s./-]+$/;
const REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));

function isoOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date itself without a time printed after it (`03/04/2024 à 10h` -> `03/04/2024`), or null
 * when it has no year of its own (a range, a duration, a decimal read as a date).
 */
function datePart(printed: string): string | null {
  const isoLike = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/.exec(printed);
  if (isoLike) return isoLike[0];
  const year = FOUR_DIGIT_YEAR.exec(printed);
  if (year) return printed.slice(0, year.index + year[0].length).trim();
  const short = SHORT_NUMERIC.exec(printed.trim());
  return short ? short[0] : null;
}

/** Reads numeric d/m/y dates the other way round, for month-first (US) documents. */
function swapOrder(text: string): string {
  return text.replace(/\b(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})\b/g, '$3$2$1$2$4');
}

/**
 * Every fully printed date in `text`, in order. `languages` picks the month names and words to
 * understand (English is always included); `order` decides numeric dates.
 */
export function findDates(
  text: string,
  languages: readonly DocumentLanguage[],
  order: NumericOrder = 'day-first',
): FoundDate[] {
  const found: FoundDate[] = [];
  const parsers = new Set<chrono.Chrono>([LANGUAGE_PARSERS.en, ...languages.map((l) => LANGUAGE_PARSERS[l])]);
  // Month-first documents: numeric dates are swapped to day-first before parsing, so every
  // parser reads them the same way (the swap keeps offsets and lengths).
  const input = order === 'month-first' ? swapOrder(text) : text;
  for (const parser of parsers) {
    for (const r of parser.parse(input, REFERENCE)) {
      const start = r.start;
      if (!start.isCertain('day') || !start.isCertain('month') || !start.isCertain('year')) continue;
      const dateText = datePart(text.slice(r.index, r.index + r.text.length));
      if (dateText === null) continue;
      const year = start.get('year')!;
      if (year < 1900 || year > 2100) continue;
      if (found.some((f) => r.index < f.index + f.text.length && f.index < r.index + dateText.length))
        continue;
      found.push({
        index: r.index,
        text: dateText,
        iso: isoOf(year, start.get('month')!, start.get('day')!),
        numeric: NUMERIC.test(dateText),
      });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Decides how numeric dates are read in one document: a first part above 12 proves day-first, a
 * second part above 12 proves month-first; otherwise US signs (state + ZIP code, `(555) 123-4567`
 * phone numbers) mean month-first, and anything else day-first, the convention of the other four
 * languages and of British English.
 */
export function numericOrder(text: string): NumericOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const m of text.matchAll(/(?<![\d.,])(\d{1,2})[./-](\d{1,2})[./-](?:\d{4}|\d{2})(?![\d.,]\d|\d)/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (dayFirst !== monthFirst) return dayFirst > monthFirst ? 'day-first' : 'month-first';
  const us = /,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\(\d{3}\)\s*\d{3}-\d{4}/.test(text);
  return us ? 'month-first' : 'day-first';
}
