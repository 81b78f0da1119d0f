import type { LayoutCell, LayoutLine, PageLayout } from '../layout/types.ts';
import { startsWithRange } from './ranges.ts';
import { isKnownUnit } from './units/ucum.ts';
import { lexValue, parseFlag } from './values.ts';

/** Share of the cells aligned at a split that must start result rows (see {@link findColumnSplit}). */
const MIN_NAME_SHARE = 0.5;

/** Whether a cell can start a result row: words, not a value, unit, interval or flag. */
function startsRow(cell: LayoutCell): boolean {
  const text = cell.text.trim();
  if (!/\p{L}{2}/u.test(text) || text.length > 60) return false;
  return !isKnownUnit(text) && !startsWithRange(text) && lexValue(text) === null && parseFlag(text) === null;
}

/** Whether cells after the first hold a value (the rest of a result row). */
function holdsValue(cells: readonly LayoutCell[]): boolean {
  return cells.slice(1).some((c) => lexValue(c.text) !== null);
}

/**
 * Finds where a page printed as two tables side by side splits: an x that no cell of the page
 * crosses, with result rows (a name, then a value) starting just right of it on several lines and
 * rows on the left of it too. Returns null for a one-column page.
 *
 * The cells aligned at a second table's left edge are its test names, nearly all of them; a unit
 * or interval column of a one-column table is aligned too, and OCR turns a few of its cells into
 * words (`MAL` for `M/µL`, `wdl` for `g/dl`) that look like names. So most aligned cells must
 * start a row, not a few.
 */
export function findColumnSplit(page: PageLayout): number | null {
  const candidates = new Map<number, number>();
  for (const line of page.lines) {
    for (const [i, cell] of line.cells.entries()) {
      if (i === 0 || cell.x0 < page.width * 0.3 || cell.x0 > page.width * 0.7) continue;
      const key = Math.round(cell.x0 / 4) * 4;
      candidates.set(key, (candidates.get(key) ?? 0) + 1);
    }
  }
  let best: { x: number; rows: number } | null = null;
  for (const [key, count] of candidates) {
    if (count < 3) continue;
    const x = key - 3;
    let rows = 0;
    let both = 0;
    let crossing = 0;
    let aligned = 0;
    for (const line of page.lines) {
      if (line.cells.some((c) => c.x0 < x && c.x1 > x)) {
        crossing++;
        continue;
      }
      const left = line.cells.filter((c) => c.x1 <= x);
      const right = line.cells.filter((c) => c.x0 >= x);
      // Headings and wrapped names of a second table stand alone; the rows have several cells.
      if (right.length < 2 || Math.abs(right[0]!.x0 - key) > 6) continue;
      aligned++;
      if (!startsRow(right[0]!) || !holdsValue(right)) continue;
      // The right table may run longer than the left one.
      if (left.length === 0) rows++;
      else if (startsRow(left[0]!) && holdsValue(left)) {
        rows++;
        both++;
      }
    }
    // Long lines that run across the gap (notes, footers) are few on a two-column page.
    const mostlyNames = rows >= aligned * MIN_NAME_SHARE;
    if (rows >= 3 && both >= 1 && crossing <= rows && mostlyNames && (!best || rows > best.rows))
      best = { x, rows };
  }
  return best?.x ?? null;
}

/**
 * Rewrites a two-column page so each table reads on its own: every line is cut at the split, the
 * left halves come first (top to bottom) and the right halves after them. Lines that run across
 * the split stay whole, in the left run. One-column pages are returned unchanged.
 */
export function splitTwoColumnPage(page: PageLayout): PageLayout {
  const x = findColumnSplit(page);
  if (x === null) return page;
  const left: LayoutLine[] = [];
  const right: LayoutLine[] = [];
  for (const line of page.lines) {
    if (line.cells.some((c) => c.x0 < x && c.x1 > x)) {
      left.push(line);
      continue;
    }
    const l = line.cells.filter((c) => c.x1 <= x);
    const r = line.cells.filter((c) => c.x0 >= x);
    if (l.length > 0) left.push({ ...line, cells: l });
    if (r.length > 0) right.push({ ...line, cells: r });
  }
  return { ...page, lines: [...left, ...right] };
}
