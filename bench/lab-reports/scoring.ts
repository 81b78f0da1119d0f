/**
 * Scores lab-report predictions against ground truth, field by field. Predicted results are
 * paired with true ones by normalised test name, then leftovers by LOINC code; a paired row is
 * correct for a field when the field matches. precision = correct / predicted rows, recall =
 * correct / true rows, so extra rows cost precision and missed rows cost recall. Dates are scored
 * per document the same way (a null prediction is no prediction).
 */

/** A result as scored (truth or prediction). */
export interface ScoredResult {
  original_test_name: string;
  loinc_code: string | null;
  value: number | string | null;
  original_unit_name: string | null;
  standard_unit_name: string | null;
  within_normal_range: boolean | null;
}

export const FIELDS = [
  'found',
  'loinc_code',
  'value',
  'within_normal_range',
  'original_unit_name',
  'standard_unit_name',
] as const;
export type Field = (typeof FIELDS)[number];
export const DATE_FIELDS = ['collection_date', 'result_date'] as const;

/** Counts that F1 is computed from; add documents with {@link addDocument}. */
export interface Tally {
  docs: number;
  truthRows: number;
  predRows: number;
  correct: Record<Field, number>;
  dates: Record<(typeof DATE_FIELDS)[number], { truth: number; predicted: number; correct: number }>;
  /** Mismatches, for `--details`. */
  misses: string[];
}

export function emptyTally(): Tally {
  return {
    docs: 0,
    truthRows: 0,
    predRows: 0,
    correct: Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>,
    dates: {
      collection_date: { truth: 0, predicted: 0, correct: 0 },
      result_date: { truth: 0, predicted: 0, correct: 0 },
    },
    misses: [],
  };
}

function normName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9%#+]+/g, ' ')
    .trim();
}

function normUnit(u: string | null): string {
  return (u ?? '')
    .normalize('NFKC')
    .replace(/[µμ]/g, 'u')
    .toLowerCase()
    .replace(/[\s[\]{}]/g, '');
}

function asNumber(x: unknown): number | null {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return null;
  const s = x.trim();
  return /^[-+]?\d+(?:[.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : null;
}

function sameValue(t: unknown, p: unknown): boolean {
  const tn = asNumber(t);
  const pn = asNumber(p);
  if (tn !== null && pn !== null) return Math.abs(tn - pn) <= 1e-6 * Math.max(Math.abs(tn), Math.abs(pn));
  if (tn !== null || pn !== null) return false;
  const norm = (x: unknown) =>
    String(x ?? '')
      .normalize('NFKC')
      .toLowerCase()
      .replace(/≤/g, '<=')
      .replace(/≥/g, '>=')
      .replace(/(\d),(\d)/g, '$1.$2')
      .replace(/\s+/g, '');
  return norm(t) === norm(p);
}

function sameField(field: Field, t: ScoredResult, p: ScoredResult): boolean {
  switch (field) {
    case 'found':
      return true;
    case 'value':
      return sameValue(t.value, p.value);
    case 'loinc_code':
      return (t.loinc_code ?? '') === (p.loinc_code ?? '');
    case 'within_normal_range':
      return (t.within_normal_range ?? null) === (p.within_normal_range ?? null);
    default:
      return normUnit(t[field]) === normUnit(p[field]);
  }
}

/** Pairs truth and predicted rows: by normalised name first, then by LOINC code. */
function pair(truth: readonly ScoredResult[], pred: readonly ScoredResult[]) {
  const used = new Set<number>();
  const pairs: [ScoredResult, ScoredResult][] = [];
  const missed: ScoredResult[] = [];
  const pending: ScoredResult[] = [];
  for (const t of truth) {
    const candidates = pred.flatMap((p, i) =>
      !used.has(i) && normName(p.original_test_name) === normName(t.original_test_name) ? [i] : [],
    );
    if (candidates.length === 0) {
      pending.push(t);
      continue;
    }
    const best = candidates.find((i) => pred[i]!.loinc_code === t.loinc_code) ?? candidates[0]!;
    used.add(best);
    pairs.push([t, pred[best]!]);
  }
  for (const t of pending) {
    const i = pred.findIndex(
      (p, j) => !used.has(j) && t.loinc_code !== null && p.loinc_code === t.loinc_code,
    );
    if (i >= 0) {
      used.add(i);
      pairs.push([t, pred[i]!]);
    } else missed.push(t);
  }
  return { pairs, missed, extra: pred.filter((_, i) => !used.has(i)) };
}

/** Adds one document's truth and prediction (null: the analyser failed) to `tally`. */
export function addDocument(
  tally: Tally,
  label: string,
  truth: { collection_date: string | null; result_date: string | null; results: readonly ScoredResult[] },
  pred: {
    collection_date: string | null;
    result_date: string | null;
    results: readonly ScoredResult[];
  } | null,
): void {
  tally.docs++;
  const predRows = pred?.results ?? [];
  tally.truthRows += truth.results.length;
  tally.predRows += predRows.length;
  for (const k of DATE_FIELDS) {
    const d = tally.dates[k];
    if (truth[k]) d.truth++;
    if (pred?.[k]) d.predicted++;
    if (pred?.[k] && truth[k] && pred[k]!.slice(0, 10) === truth[k]) d.correct++;
    else if (truth[k] || pred?.[k]) tally.misses.push(`${label}: ${k} ${truth[k]} != ${pred?.[k] ?? null}`);
  }
  const { pairs, missed, extra } = pair(truth.results, predRows);
  for (const [t, p] of pairs) {
    for (const f of FIELDS) {
      if (sameField(f, t, p)) tally.correct[f]++;
      else
        tally.misses.push(
          `${label}: ${f} of "${t.original_test_name}": ${JSON.stringify(t[f as keyof ScoredResult])} != ${JSON.stringify(p[f as keyof ScoredResult])}`,
        );
    }
  }
  for (const t of missed)
    tally.misses.push(`${label}: missed "${t.original_test_name}" = ${JSON.stringify(t.value)}`);
  for (const p of extra)
    tally.misses.push(`${label}: extra "${p.original_test_name}" = ${JSON.stringify(p.value)}`);
}

function f1(correct: number, predicted: number, truth: number): number {
  const p = predicted ? correct / predicted : truth ? 0 : 1;
  const r = truth ? correct / truth : predicted ? 0 : 1;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/** F1 of every field (results and dates) of a tally. */
export function scores(t: Tally): Record<Field | (typeof DATE_FIELDS)[number], number> {
  const out = Object.fromEntries(FIELDS.map((f) => [f, f1(t.correct[f], t.predRows, t.truthRows)])) as Record<
    Field | (typeof DATE_FIELDS)[number],
    number
  >;
  for (const k of DATE_FIELDS) out[k] = f1(t.dates[k].correct, t.dates[k].predicted, t.dates[k].truth);
  return out;
}

/** The minimum F1 of the four headline fields (found, loinc_code, value, within_normal_range). */
export function headline(t: Tally): number {
  const s = scores(t);
  return Math.min(s.found, s.loinc_code, s.value, s.within_normal_range);
}

/** Flattens an analyser result (sections of results) into scored rows. */
export function rowsOf(report: { sections?: { results?: ScoredResult[] }[] } | null): ScoredResult[] {
  return (report?.sections ?? []).flatMap((s) => s.results ?? []);
}
