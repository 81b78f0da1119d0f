/**
 * The document's own date: a `Place, date` line (`London, 3 March 2024`, `Paris, le 3 mars 2024`,
 * `Berlin, den 03.03.2024`), a `Date:` / `Datum:` / `Fecha:` / report-date field, a date standing
 * alone near the top of the first page; never the date of birth, and an admission, examination or
 * collection date only when nothing better is printed.
 */
import type { DateContext } from './birth-date.ts';
import { type FoundDate, findDates } from './dates.ts';
import type { Field } from './fields.ts';
import type { DocLine } from './text.ts';

export interface DocumentDate {
  iso: string;
  confidence: number;
  source: string;
}

const PLACE_DATE = /^[\p{Lu}][\p{L}'’ .-]{1,40},\s*(?:(?:le|den|am|el|a|op|on|the|d\.)\s+)?$/u;
const LEAD_WORDS = /^(?:(?:le|den|am|el|a|op|on|the|date|datum|fecha|dated)\s*:?\s*)?(?:\p{L}+,?\s+)?$/iu;
/** Labels that date something else (a signature, a print run) but are close to the document's date. */
const REPORT_WORDS =
  /(?:reported|validated|authori[sz]ed|signed|verified|valide|signe|edite|befundet|freigegeben|vidimiert|gevalideerd|geautoriseerd|ondertekend|validado|firmado)(?:\s+(?:on|le|am|op|el))?\s*:?\s*$/i;

/** Picks the document date; `birth` is the date of birth already found, which is never chosen. */
export function documentDate(
  lines: readonly DocLine[],
  fields: readonly Field[],
  ctx: DateContext,
  birth: string | null,
): DocumentDate | null {
  const excluded = new Set<string>();
  for (const f of fields) {
    if (f.kind === 'date_of_birth')
      for (const d of findDates(f.value, ctx.languages, ctx.order)) excluded.add(d.iso);
  }
  if (birth) excluded.add(birth);
  const candidates: DocumentDate[] = [];
  const push = (date: FoundDate | undefined, confidence: number, line: DocLine) => {
    if (date && !excluded.has(date.iso))
      candidates.push({ iso: date.iso, confidence, source: line.text.trim() });
  };

  for (const f of fields) {
    if (f.kind === 'document_date') push(findDates(f.value, ctx.languages, ctx.order)[0], 0.9, f.line);
  }
  const otherDates: { date: FoundDate; line: DocLine }[] = [];
  for (const line of lines) {
    const dates = findDates(line.text, ctx.languages, ctx.order);
    for (const date of dates) {
      const before = line.text.slice(0, date.index);
      const after = line.text.slice(date.index + date.text.length).trim();
      const cellBefore = before.split(/\s{2,}/).at(-1) ?? '';
      if (PLACE_DATE.test(cellBefore.trimStart()) && after.length < 3) push(date, 0.9, line);
      else if (REPORT_WORDS.test(before)) push(date, 0.75, line);
      else if (line.page === 0 && line.top < 0.4 && LEAD_WORDS.test(cellBefore.trim()) && after.length < 3) {
        const inField = fields.some(
          (f) => f.line === line && f.kind !== 'document_date' && f.value.includes(date.text),
        );
        if (!inField) push(date, 0.65, line);
      } else otherDates.push({ date, line });
    }
  }
  // Nothing labelled or placed: an admission/exam/collection date, else the latest date printed.
  if (candidates.length === 0) {
    for (const f of fields) {
      if (f.kind === 'other_date') push(findDates(f.value, ctx.languages, ctx.order)[0], 0.45, f.line);
    }
  }
  if (candidates.length === 0) {
    const latest = otherDates
      .filter((d) => !excluded.has(d.date.iso))
      .sort((a, b) => (a.date.iso < b.date.iso ? 1 : -1))[0];
    if (latest) push(latest.date, 0.3, latest.line);
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  return candidates[0] ?? null;
}
