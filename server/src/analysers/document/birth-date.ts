/**
 * The patient's date of birth: a date after a birth label (DOB, né(e) le, geb., geboren,
 * geboortedatum, fecha de nacimiento, ° …) in any of the five languages and in any printed format,
 * checked against a printed age when there is one.
 */
import { type FoundDate, findDates, type NumericOrder } from './dates.ts';
import type { Field } from './fields.ts';
import type { DocumentLanguage } from './schema.ts';
import type { DocLine } from './text.ts';

/** How dates are read in this document. */
export interface DateContext {
  languages: DocumentLanguage[];
  order: NumericOrder;
}

export interface BirthDate {
  iso: string;
  confidence: number;
  source: string;
}

const AGE =
  /(?<![\d])(\d{1,3})\s*(?:-?\s*(?:year|yr)s?(?:-old|\s+old)?|y\/?o|ans|jahre?|j\.|jaar|anos|años)(?![\p{L}])|(?:age|âge|alter|leeftijd|edad)\s*:?\s*(\d{1,3})(?!\d)/giu;

/** The first date in a field's value (or at the start of the text after the label). */
function dateIn(value: string, ctx: DateContext): FoundDate | null {
  return findDates(value, ctx.languages, ctx.order)[0] ?? null;
}

function yearsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * The date of birth from labelled fields; a printed age that agrees with it (given the document
 * date) raises the confidence, one that disagrees lowers it.
 */
export function birthDate(
  lines: readonly DocLine[],
  fields: readonly Field[],
  ctx: DateContext,
  documentDate: string | null = null,
): BirthDate | null {
  let best: BirthDate | null = null;
  for (const f of fields) {
    if (f.kind !== 'date_of_birth') continue;
    // A date broken over two lines (`geboren op 24 maart` / `1986),`) is read with the next line.
    const next = lines[f.line.index + 1];
    const found =
      dateIn(f.value, ctx) ?? (next && f.layout === 'inline' ? dateIn(`${f.value} ${next.text}`, ctx) : null);
    if (!found) continue;
    const confidence = f.layout === 'inline' ? 0.95 : 0.9;
    if (!best || confidence > best.confidence)
      best = { iso: found.iso, confidence, source: f.line.text.trim() };
  }
  if (!best) return null;
  if (documentDate && documentDate > best.iso) {
    const age = yearsBetween(best.iso, documentDate);
    const text = lines.map((l) => l.text).join('\n');
    const printed = [...text.matchAll(AGE)].map((m) => Number(m[1] ?? m[2]));
    if (printed.length > 0) {
      best.confidence = printed.some((a) => Math.abs(a - age) <= 1)
        ? Math.min(0.99, best.confidence + 0.03)
        : best.confidence - 0.2;
    }
  }
  if (documentDate && best.iso > documentDate) best.confidence -= 0.4;
  best.confidence = Math.max(0.05, Math.round(best.confidence * 100) / 100);
  return best;
}
