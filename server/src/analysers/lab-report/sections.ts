import type { LayoutCell, LayoutLine } from '../layout/types.ts';
import { applyDateLine, detectColumns } from './columns.ts';
import { type Column, type ParsedRow, parseRow } from './row.ts';

/** A printed section and the candidate rows under it, in document order. */
export interface RawSection {
  name: string | null;
  rows: ParsedRow[];
}

const NOT_HEADING_RE =
  /(page\s*\d|end\s+of\s+report|\*\*\*|^e n d|continued on|^final(\s+report)?$|^report$|^results?$|^laboratory|^patient|^sample|^specimen|reviewed|generated|printed|^dr\.?\s|signature|pathologist|technologist|^mbbs|^md\b)/i;

/** Whether a line looks like a section heading: one short cell of words, not a label or prose. */
function isHeading(line: LayoutLine): boolean {
  if (line.cells.length !== 1) return false;
  const text = line.cells[0]!.text.trim();
  if (text.length < 3 || text.length > 60 || !/[A-Za-z]{3}/.test(text)) return false;
  if (/[:;]|[.,]$/.test(text) || /^[^A-Za-z(]/.test(text)) return false;
  if (text.split(/\s+/).length > 8 || NOT_HEADING_RE.test(text)) return false;
  if (/\d{3,}|@|www\.|https?:/.test(text)) return false;
  return true;
}

/** Strips `(cont.)`, `(continued)` and similar from a heading so continued sections merge. */
function headingName(text: string): string {
  return text.replace(/\s*[([]?\s*(cont(?:inued|'d|d)?\.?)\s*[)\]]?\s*$/i, '').trim();
}

/**
 * Walks the lines of a document and groups result rows under their headings. When the document
 * uses table headers, the heading nearest above a header starts a section and headings between
 * rows are sub-headings (kept in the same section); without table headers, every heading directly
 * above rows starts a section.
 */
export function collectSections(
  lines: readonly LayoutLine[],
  decimalComma: boolean,
  accept: (row: ParsedRow, section: string | null) => boolean,
  continues: (row: ParsedRow, longerName: string, section: string | null) => boolean = () => false,
  options: { dayFirst?: boolean } = {},
): RawSection[] {
  const dayFirst = options.dayFirst ?? true;
  /** Lines already read: header headings wrapped above and below their line, or a name's lower half. */
  const consumed = new Set<number>();
  const headers = lines.map((l, i) => {
    const wrapped = headerWithWrappedHeadings(lines, i, dayFirst);
    if (!wrapped) return detectColumns(l, dayFirst);
    for (const used of wrapped.lines) consumed.add(used);
    return wrapped.columns;
  });
  const usesHeaders = headers.some((h) => h !== null);
  const sections: RawSection[] = [];
  let current: RawSection | null = null;
  let pending: string[] = [];
  let columns: Column[] | null = null;
  let last: { row: ParsedRow; line: LayoutLine } | null = null;

  const open = (name: string | null) => {
    const clean = name === null ? null : headingName(name);
    const existing = sections.find((s) => s.name === clean);
    current = existing ?? { name: clean, rows: [] };
    if (!existing) sections.push(current);
  };

  let afterHeader = false;
  // Whether the current section was opened by a heading printed above a table header: headings
  // between its rows are then sub-headings. A table whose header comes first and whose headings
  // follow it opens a section at each heading.
  let openedAboveHeader = false;
  for (const [i, line] of lines.entries()) {
    if (consumed.has(i)) continue;
    const header = headers[i];
    if (header) {
      columns = header;
      afterHeader = true;
      if (pending.length > 0) {
        open(pending.at(-1)!);
        openedAboveHeader = true;
      }
      pending = [];
      continue;
    }
    if (afterHeader && columns) {
      afterHeader = false;
      // `Result | Result` over a line of dates: the dates say which column is the newest.
      const dated = applyDateLine(columns, line, dayFirst);
      if (dated) {
        columns = dated;
        continue;
      }
    }
    let row = parseRow(line.cells, columns, decimalComma);
    const centred = row ? null : nameAroundRow(lines, i, pending.length > 0);
    if (centred) {
      // The name's first line was taken for a heading: it is this row's.
      const named = parseRow(centred.cells, columns, decimalComma);
      const section = (current as RawSection | null)?.name ?? null;
      if (named && accept(named, section)) {
        pending.pop();
        if (centred.below !== null) consumed.add(centred.below);
        row = named;
      }
    }
    const sectionName: string | null =
      pending.length > 0 && (!usesHeaders || !openedAboveHeader)
        ? pending.at(-1)!
        : ((current as RawSection | null)?.name ?? pending.at(-1) ?? null);
    if (row && accept(row, sectionName)) {
      const around = pending.length > 0 && !centred ? nameLinesAround(lines, i) : null;
      if (around && continues(row, `${around.above} ${row.name} ${around.below}`, sectionName)) {
        // `Mean` / `Corpuscular  91.2  fL` / `Volume`: the name's first line is not a heading.
        row.name = `${around.above} ${row.name} ${around.below}`;
        pending.pop();
        consumed.add(i + 1);
      }
      if (pending.length > 0 && (!usesHeaders || current === null || !openedAboveHeader))
        open(pending.at(-1)!);
      else if (current === null) open(null);
      pending = [];
      (current as unknown as RawSection).rows.push(row);
      last = { row, line };
      continue;
    }
    if (last && isWrappedName(line, last.line)) {
      // A long name wrapped onto the next line (`MEAN CORPUSCULAR HEMOGLOBIN` / `CONCENTRATION`).
      const longer = `${last.row.name} ${line.cells[0]!.text.trim()}`;
      if (continues(last.row, longer, (current as RawSection | null)?.name ?? null)) {
        last.row.name = longer;
        last = null;
        continue;
      }
    }
    last = null;
    if (isHeading(line)) {
      pending.push(line.cells[0]!.text.trim());
      continue;
    }
    // A mark alone on its line (a flag printed a little off its row's baseline, which OCR then
    // reads as a line of its own: `*`, `x`) does not end the heading above the rows.
    if (isStrayMark(line)) continue;
    pending = [];
  }
  return sections.filter((s) => s.rows.length > 0);
}

/**
 * A table header whose long headings wrapped onto two lines, centred around the line of the short
 * ones (`Reference` / `Test  Result  Flag  Units` / `Interval`), as HTML tables print them. The
 * cells of the lines just above and below that sit beside the header line's cells are stacked into
 * headings and placed among them. Returns the columns when that reads as a header with more
 * columns than the line alone, and the neighbouring lines it took.
 */
function headerWithWrappedHeadings(
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

/** A line that is one short cell left of `row`'s first cell and within a line's height of it. */
function isNameBeside(line: LayoutLine | undefined, row: LayoutLine): line is LayoutLine {
  if (!line || line.cells.length !== 1 || line.page !== row.page) return false;
  const cell = line.cells[0]!;
  return (
    Math.abs(line.y - row.y) < row.size * 1.8 &&
    cell.x1 < row.cells[0]!.x0 &&
    cell.text.trim().length < 40 &&
    /\p{L}/u.test(cell.text)
  );
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
function nameAroundRow(
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
function nameLinesAround(lines: readonly LayoutLine[], i: number): { above: string; below: string } | null {
  const line = lines[i]!;
  const inNameColumn = (other: LayoutLine | undefined): other is LayoutLine =>
    other !== undefined &&
    other.cells.length === 1 &&
    other.page === line.page &&
    Math.abs(other.y - line.y) < line.size * 1.8 &&
    Math.abs(other.cells[0]!.x0 - line.cells[0]!.x0) < line.size * 0.5 &&
    other.cells[0]!.x1 < (line.cells[1]?.x0 ?? Number.POSITIVE_INFINITY) &&
    /^\p{L}[\p{L} -]{0,30}$/u.test(other.cells[0]!.text.trim());
  const above = lines[i - 1];
  const below = lines[i + 1];
  if (!inNameColumn(above) || !inNameColumn(below)) return null;
  return { above: above.cells[0]!.text.trim(), below: below.cells[0]!.text.trim() };
}

/** One cell of at most two characters: a flag or a speck, never a heading, a row or prose. */
function isStrayMark(line: LayoutLine): boolean {
  return line.cells.length === 1 && line.cells[0]!.text.trim().length <= 2;
}

function isWrappedName(line: LayoutLine, previous: LayoutLine): boolean {
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
