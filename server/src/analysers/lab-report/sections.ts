import type { LayoutLine } from '../layout/types.ts';
import { applyDateLine, detectColumns } from './columns.ts';
import { type Column, type ParsedRow, parseRow } from './row.ts';
import { headerWithWrappedHeadings, isWrappedName, nameAroundRow, nameLinesAround } from './wrapped-lines.ts';

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

/** One cell of at most two characters: a flag or a speck, never a heading, a row or prose. */
function isStrayMark(line: LayoutLine): boolean {
  return line.cells.length === 1 && line.cells[0]!.text.trim().length <= 2;
}
