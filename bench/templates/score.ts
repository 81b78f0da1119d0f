/**
 * Scoring an extraction against invoice2data's expected output: each expected top-level key is one
 * field, reproduced exactly or not (numbers equal to 1e-6, strings identical, lists and line items
 * deep-equal in order). Line-item cells are also counted one by one, as a finer figure.
 */
import type { TemplateExtraction } from '../../server/src/analysers/template/index.ts';

/** One document's score. */
export interface Score {
  fields: number;
  exact: number;
  wrong: { field: string; expected: unknown; got: unknown }[];
  cells: number;
  exactCells: number;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-6;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

/** The engine's output as one flat record like invoice2data's (line-item lists under their names). */
export function flatten(extraction: TemplateExtraction): Record<string, unknown> {
  return { ...extraction.fields, ...extraction.line_item_lists };
}

/** Compares `got` with `expected` field by field. */
export function score(expected: Record<string, unknown>, got: Record<string, unknown>): Score {
  const out: Score = { fields: 0, exact: 0, wrong: [], cells: 0, exactCells: 0 };
  for (const [field, value] of Object.entries(expected)) {
    out.fields++;
    if (same(value, got[field])) out.exact++;
    else out.wrong.push({ field, expected: value, got: got[field] });
    if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) {
      const rows = Array.isArray(got[field]) ? (got[field] as Record<string, unknown>[]) : [];
      value.forEach((row: Record<string, unknown>, i) => {
        for (const [k, v] of Object.entries(row)) {
          out.cells++;
          if (rows[i] && same(v, rows[i]![k])) out.exactCells++;
        }
      });
    }
  }
  return out;
}
