/**
 * Text that a table printed over more than one line, read back as one: long names continued on
 * the next line, names wrapped around their row, and headings wrapped around their header line
 * (HTML tables centre each cell's lines on the row, so a row's short cells sit between the lines
 * of its long ones).
 */
import type { LayoutCell, LayoutLine } from '../layout/types.ts';
import { detectColumns } from './columns.ts';
import type { Column } from './row.ts';

/**
 * A table header whose long headings wrapped onto two lines, centred around the line of the short
 * ones (`Reference` / `Test  Result  Flag  Units` / `Interval`), as HTML tables print them. The
 * cells of the lines just above and below that sit beside the header line's cells are stacked into
 * headings and placed among them. Returns the columns when that reads as a header with more
 * columns than the line alone, and the neighbouring lines it took.
 */
export function headerWithWrappedHeadings(
  lines: readonly LayoutLine[],
  i: number,
  dayFirst: boolean,
): { columns: Column[]; lines: number[] } | null {
  const line = lines[i]!;
  if (line.cells.length < 2) return null;
  const overlaps = (a: LayoutCell, b: LayoutCell) => a.x0 < b.x1 && b.x0 < a.x1;
  const beside = (j: number) => {
    const other = lines[j];
    if (!other || other.page !== line.page || Math.abs(other.y - line.y) > line.size * 1.2) return false;
    return other.cells.every((c) => !line.cells.some((own) => overlaps(c, own)));
  };
  const taken = [i - 1, i + 1].filter(beside);
  if (taken.length === 0) return null;
  const stacked: LayoutCell[] = [];
  for (const cell of taken.flatMap((j) => lines[j]!.cells)) {
    const above = stacked.find((s) => overlaps(s, cell));
    if (above) {
      above.text = `${above.text} ${cell.text}`;
      above.x0 = Math.min(above.x0, cell.x0);
      above.x1 = Math.max(above.x1, cell.x1);
    } else stacked.push({ ...cell });
  }
  const merged = { ...line, cells: [...line.cells, ...stacked].sort((a, b) => a.x0 - b.x0) };
  const columns = detectColumns(merged, dayFirst);
  const alone = detectColumns(line, dayFirst);
  if (!columns || columns.length <= (alone?.length ?? 0)) return null;
  return { columns, lines: taken };
}

/** A line of one cell on `row`'s page, less than 1.8 of its text heights above or below it. */
function loneCellNear(other: LayoutLine | undefined, row: LayoutLine): other is LayoutLine {
  return (
    other !== undefined &&
    other.cells.length === 1 &&
    other.page === row.page &&
    Math.abs(other.y - row.y) < row.size * 1.8
  );
}

/** A line that is one short cell of words left of `row`'s first cell, within a line's height of it. */
function isNameBeside(line: LayoutLine | undefined, row: LayoutLine): line is LayoutLine {
  if (!loneCellNear(line, row)) return false;
  const cell = line.cells[0]!;
  return cell.x1 < row.cells[0]!.x0 && cell.text.trim().length < 40 && /\p{L}/u.test(cell.text);
}

/**
 * A row printed with its name wrapped onto two lines and the other cells centred between them, as
 * HTML tables print by default:
 *
 *     Glucose
 *                6,3 H    mmol/l    4,0-6,0
 *     nuchter
 *
 * Applies when line `i` has no name of its own and the line above (already taken for a heading,
 * `headingAbove`) is a short cell to its left. Returns the row's cells with the name, whole, in
 * front, and the index of the name's lower line, when there is one.
 */
export function nameAroundRow(
  lines: readonly LayoutLine[],
  i: number,
  headingAbove: boolean,
): { cells: LayoutLine['cells']; below: number | null } | null {
  const line = lines[i]!;
  const above = lines[i - 1];
  if (!headingAbove || line.cells.length < 2 || !isNameBeside(above, line)) return null;
  const first = above.cells[0]!;
  const next = lines[i + 1];
  const below =
    isNameBeside(next, line) && Math.abs(next.cells[0]!.x0 - first.x0) < line.size * 0.5 ? next : null;
  const text = below ? `${first.text.trim()} ${below.cells[0]!.text.trim()}` : first.text.trim();
  const x1 = below ? Math.max(first.x1, below.cells[0]!.x1) : first.x1;
  return {
    cells: [{ text, x0: first.x0, x1, confidence: first.confidence }, ...line.cells],
    below: below ? i + 1 : null,
  };
}

/**
 * The lines of a name wrapped onto three lines with the row on the middle one (`Mean` /
 * `Corpuscular  91.2  fL` / `Volume`): one cell each, in the row's name column, just above and
 * just below. Null when line `i` is not printed so.
 */
export function nameLinesAround(
  lines: readonly LayoutLine[],
  i: number,
): { above: string; below: string } | null {
  const line = lines[i]!;
  const inNameColumn = (other: LayoutLine | undefined): other is LayoutLine =>
    loneCellNear(other, line) &&
    Math.abs(other.cells[0]!.x0 - line.cells[0]!.x0) < line.size * 0.5 &&
    other.cells[0]!.x1 < (line.cells[1]?.x0 ?? Number.POSITIVE_INFINITY) &&
    /^\p{L}[\p{L} -]{0,30}$/u.test(other.cells[0]!.text.trim());
  const above = lines[i - 1];
  const below = lines[i + 1];
  if (!inNameColumn(above) || !inNameColumn(below)) return null;
  return { above: above.cells[0]!.text.trim(), below: below.cells[0]!.text.trim() };
}

/** A long name continued on the next line, under its start (`MEAN CORPUSCULAR HEMOGLOBIN` / `CONCENTRATION`). */
export function isWrappedName(line: LayoutLine, previous: LayoutLine): boolean {
  if (line.cells.length !== 1 || line.page !== previous.page) return false;
  const cell = line.cells[0]!;
  const gap = line.y - previous.y;
  return (
    Math.abs(cell.x0 - previous.cells[0]!.x0) < previous.size * 0.5 &&
    gap > 0 &&
    gap < previous.size * 1.8 &&
    cell.text.length < 40
  );
}
