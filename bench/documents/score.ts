/** Scoring of the document analyser against generated truth: classification and identity fields. */
import type { DocumentAnalysis } from '../../server/src/analysers/document/schema.ts';
import type { DocType, Truth } from '../../server/test/fixtures/documents/generate.ts';

export const FIELDS = [
  'name',
  'family_name',
  'date_of_birth',
  'external_id',
  'document_date',
  'sex',
] as const;
export type FieldName = (typeof FIELDS)[number];

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();
const tokens = (s: string) => fold(s).split(' ').filter(Boolean).sort().join(' ');
const compact = (s: string | null) => (s === null ? null : s.replace(/[\s.-]/g, '').toUpperCase());

/** Which identity fields the analyser got right (an expected null is right when it found nothing). */
export function fieldHits(result: DocumentAnalysis | null, truth: Truth): Record<FieldName, boolean> {
  const p = result?.patient;
  return {
    name: p?.name != null && tokens(p.name) === tokens(`${truth.given_name} ${truth.family_name}`),
    family_name: p?.family_name != null && fold(p.family_name) === fold(truth.family_name),
    date_of_birth: p?.date_of_birth === truth.date_of_birth,
    external_id: compact(p?.external_id ?? null) === compact(truth.external_id),
    document_date: result?.document_date === truth.document_date,
    // Scored only where the document shows it (see Tally.sexShown).
    sex: p?.sex === truth.sex,
  };
}

/** Counts for one variant (text PDFs, scans) of the benchmark. */
export class Tally {
  readonly confusion = new Map<DocType, Map<string, number>>();
  readonly fields = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<FieldName, number>;
  readonly byLanguage = new Map<string, { right: number; total: number }>();
  readonly failures: string[] = [];
  readonly ms: number[] = [];
  total = 0;
  /** Documents that print or imply the patient's sex: the denominator of the sex figure. */
  sexShown = 0;

  add(truth: Truth, result: DocumentAnalysis | null, ms: number, label: string): { misses: FieldName[] } {
    const predicted = result?.document_type ?? 'failed';
    const row = this.confusion.get(truth.type) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    this.confusion.set(truth.type, row);
    const lang = this.byLanguage.get(truth.language) ?? { right: 0, total: 0 };
    lang.total++;
    if (predicted === truth.type) lang.right++;
    this.byLanguage.set(truth.language, lang);
    const hits = fieldHits(result, truth);
    const misses: FieldName[] = [];
    if (truth.sex_shown) this.sexShown++;
    for (const f of FIELDS) {
      if (f === 'sex' && !truth.sex_shown) continue;
      if (hits[f]) this.fields[f]++;
      else misses.push(f);
    }
    if (predicted !== truth.type) this.failures.push(`${label}: ${truth.type} -> ${predicted}`);
    this.ms.push(ms);
    this.total++;
    return { misses };
  }
}
