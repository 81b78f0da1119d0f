/**
 * A label's columns: which is per 100 g/ml and which per serving, the serving's weight, and where each
 * column sits on the line, so that a figure lands in its column even when OCR dropped the figure
 * before it ("Fat   [dropped]   1.0 g" is per serving, not per 100 g).
 */
import type { LayoutCell, LayoutLine } from '../layout/types.ts';
import { type RawAmount, rawAmounts } from './label-readings.ts';

/** The columns found in the label's heading lines. */
export interface LabelColumns {
  /** Index of the per-100 column among the value columns, or -1. */
  per100: number;
  perServing: number;
  unit: 'g' | 'ml';
  servingGrams: number | null;
  /** Column names for warnings, one per value column. */
  columnNames: string[];
  /** Span [left, right] of each column's heading, when the headings sit apart on one line; else `null`. */
  anchors: [number, number][] | null;
}

/** "per 100 g", "pro 100 g", "/100ml", and OCR's "per 100 mi" / "100 m1" / "100 m|" for ml. */
const HUNDRED = /(?:per|pro|\/)?\s*100\s*(g|m[lIi1|]|rnl)(?![a-z0-9])/i;
const SERVING = /(?:per|each)\s*(?:serving|portion|pack|bar|biscuit|slice)|serving\s*\(/i;

/** The serving's weight in a line ("Serving size 1 cup (228g)", "per serving (30 g)", "Portion 30 g"). */
function servingWeight(text: string): number | null {
  const size =
    /(?:serving size|per serving|per portion|portion)[^0-9(]*(?:[^()]*\()?\s*(\d+(?:[.,]\d+)?)\s*(g|ml)\b/i.exec(
      text,
    );
  if (size?.[1]) return Number(size[1].replace(',', '.'));
  // "(228g)" read as "(2289)": the g taken for a 9 inside the brackets.
  const misread = /(?:serving size|per serving|per portion)[^(]*\((\d+)9\s*\)/i.exec(text);
  return misread?.[1] ? Number(misread[1]) : null;
}

export function findColumns(lines: readonly LayoutLine[]): LabelColumns {
  let per100 = -1;
  let perServing = -1;
  let unit: 'g' | 'ml' = 'g';
  let servingGrams: number | null = null;
  let anchors: [number, number][] | null = null;
  for (const line of lines) {
    const text = line.cells.map((c) => c.text).join('  ');
    const hundred = HUNDRED.exec(text);
    const serving = SERVING.exec(text);
    if (hundred && !/serving size/i.test(text) && per100 < 0) {
      per100 = serving && serving.index < hundred.index ? 1 : 0;
      if (serving) perServing = per100 === 0 ? 1 : 0;
      unit = hundred[1]?.toLowerCase() === 'g' ? 'g' : 'ml';
      anchors = headingAnchors(line, serving !== null);
    }
    servingGrams ??= servingWeight(text);
  }
  if (per100 < 0) perServing = 0; // a US panel: one column, per serving
  const count = Math.max(per100, perServing) + 1;
  const columnNames = Array.from({ length: count }, (_, c) =>
    c === per100 ? `per 100 ${unit}` : 'per serving',
  );
  return { per100, perServing, unit, servingGrams, columnNames, anchors };
}

/**
 * Spans of the headings when each is its own cell, clearly apart (a photo, not typed lines). A heading
 * merged with the words before it ("Typical values per 100 g") still spans its column.
 */
function headingAnchors(line: LayoutLine, twoColumns: boolean): [number, number][] | null {
  const headings = line.cells.filter((c) => HUNDRED.test(c.text) || SERVING.test(c.text));
  const wanted = twoColumns ? 2 : 1;
  if (headings.length !== wanted) return null;
  const spans = headings.map((c): [number, number] => [c.x0, c.x1]);
  if (wanted === 2 && (spans[1]?.[0] ?? 0) - (spans[0]?.[1] ?? 0) < line.size) return null;
  return spans;
}

/** What a figure is, for column placement: one of each kind per column ("474 kJ / 112 kcal" is one column). */
const kindOf = (amount: RawAmount) =>
  amount.unit === 'kj' ? 'kj' : amount.unit === 'kcal' || amount.unit === 'cal' ? 'kcal' : 'amount';

/**
 * The figures of a row with the column each belongs to: by position under the headings when they are
 * known (a cell reaching back over the row's label starts at the first column), else in order. A
 * figure whose column already holds one of its kind moves on to the next column.
 */
export function placeInColumns(
  line: LayoutLine,
  anchors: [number, number][] | null,
  count: number,
): [number, LayoutCell, RawAmount][] {
  const out: [number, LayoutCell, RawAmount][] = [];
  const held: Set<string>[] = Array.from({ length: count }, () => new Set());
  let column = 0;
  for (const cell of line.cells) {
    const figures = rawAmounts(cell.text);
    if (figures.length === 0) continue;
    if (anchors) {
      const slack = 2 * line.size;
      // A cell that ends before the first column is the row's label; one that reaches into it is merged.
      if (cell.x1 < (anchors[0]?.[0] ?? 0) - slack) continue;
      column = nearest(anchors, cell.x0, slack);
    }
    for (const amount of figures) {
      const kind = kindOf(amount);
      while (column < count && held[column]?.has(kind)) column++;
      if (column >= count) break;
      held[column]?.add(kind);
      out.push([column, cell, amount]);
    }
  }
  return out;
}

/** Index of the heading closest to `x` (0 inside its span); a cell starting left of all belongs to the first. */
function nearest(anchors: readonly [number, number][], x: number, slack: number): number {
  if (x < (anchors[0]?.[0] ?? 0) - slack) return 0;
  const distance = ([left, right]: [number, number]) => (x < left ? left - x : x > right ? x - right : 0);
  let best = 0;
  anchors.forEach((span, i) => {
    if (distance(span) < distance(anchors[best] ?? span)) best = i;
  });
  return best;
}
