/**
 * A second OCR reading of doubtful number cells. The page reading gets the value and interval
 * cells of a result row wrong in typical ways (`(2:5="-7.8)` for `(2.5 - 7.8)`, `3,551` for
 * `3,5-5,1`, `37x` for `37.1`), mostly at low confidence. Those cells alone are cut out of the
 * page, enlarged and read again as one line restricted to digits, decimal marks, interval and
 * comparator signs and flags; the new reading replaces the old one only when it is a clean number
 * or interval and the old one was not, or when it is surer and lost no decimal mark. Cells read
 * well the first time are never read again, which keeps the cost to the doubtful few.
 */
import type { LayoutCell, LayoutLine, PageLayout } from '../layout/types.ts';
import type { LineReadOptions, OcrEngine, PixelBox } from '../ocr/engine.ts';
import { cellPixelBox } from '../ocr/line-crop.ts';

/** What the second reading may return: the characters of values, intervals and flags. */
export const NUMBER_CELL_READING: LineReadOptions = {
  whitelist: '0123456789.,-–<>≤≥()[]*+%HL ',
  scale: 2.5,
};

/** Options for {@link rereadDoubtfulCells}. */
export interface RereadOptions {
  /** Most cells read again per page (bounds the cost of a very poor scan). Default 40. */
  maxCellsPerPage?: number;
  /** Below this confidence a number cell is read again even when it looks clean. Default 0.75. */
  lowConfidence?: number;
  /** Below this confidence a number cell that does not look clean is read again. Default 0.93. */
  uncleanConfidence?: number;
}

const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const FLAG = String.raw`(?:\s?(?:\*{1,2}|[HL]|\([HL]\)))?`;
const CLEAN_NUMBER_RE = new RegExp(String.raw`^(?:[<>≤≥]\s?)?${NUMBER}${FLAG}$`);
const CLEAN_INTERVAL_RE = new RegExp(String.raw`^(${NUMBER})\s?[-–]\s?(${NUMBER})$`);
const DATE_LIKE_RE = /\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}/;

/** Whether a cell reads as one number (with comparator or flag) or one rising interval. */
export function cleanNumberCell(text: string): boolean {
  const s = text
    .trim()
    .replace(/^[([]\s*(.*?)\s*[)\]]$/, '$1')
    .trim();
  if (CLEAN_NUMBER_RE.test(s)) return true;
  const m = CLEAN_INTERVAL_RE.exec(s);
  if (!m) return false;
  const num = (x: string) => Number(x.replace(/,(?=\d{3}$)/, '').replace(',', '.'));
  return num(m[1]!) < num(m[2]!);
}

/**
 * Whether a cell after a row's name is a number cell worth a second reading: digits and at most
 * one letter (a flag or a misread digit; units have more), no date or time, and either unsure or
 * not a clean number or interval.
 */
export function doubtfulNumberCell(cell: LayoutCell, options: RereadOptions = {}): boolean {
  const text = cell.text.trim();
  if (!/\d/.test(text) || (text.match(/\p{L}/gu) ?? []).length > 1 || DATE_LIKE_RE.test(text)) return false;
  if (cell.confidence < (options.lowConfidence ?? 0.75)) return true;
  return cell.confidence < (options.uncleanConfidence ?? 0.93) && !cleanNumberCell(text);
}

function decimalMarks(text: string): number {
  return (text.match(/\d[.,]\d/g) ?? []).length;
}

/** Whether the second reading `next` replaces the cell's first reading. */
export function acceptReading(cell: LayoutCell, next: { text: string; confidence: number }): boolean {
  if (next.text === '' || !cleanNumberCell(next.text)) return false;
  if (!cleanNumberCell(cell.text)) return true;
  return next.confidence > cell.confidence && decimalMarks(next.text) >= decimalMarks(cell.text);
}

/** A line that may be a result row: a first cell with a word in it, and more cells after it. */
function mayBeRow(line: LayoutLine): boolean {
  return line.cells.length >= 2 && /\p{L}{2}/u.test(line.cells[0]!.text);
}

/**
 * The pages with their doubtful number cells read a second time (see the module comment). Pages
 * without pixels (text layers) and engines without `readLines` are returned as they are.
 */
export async function rereadDoubtfulCells(
  pages: readonly PageLayout[],
  engine: () => OcrEngine,
  options: RereadOptions = {},
): Promise<PageLayout[]> {
  const max = options.maxCellsPerPage ?? 40;
  const out: PageLayout[] = [];
  for (const page of pages) {
    const pixels = page.pixels;
    const targets: { line: number; cell: number; box: PixelBox }[] = [];
    if (pixels) {
      for (const [li, line] of page.lines.entries()) {
        if (!mayBeRow(line)) continue;
        for (const [ci, cell] of line.cells.entries()) {
          if (ci === 0 || targets.length >= max || !doubtfulNumberCell(cell, options)) continue;
          const box = cellPixelBox({ x0: cell.x0, x1: cell.x1, y: line.y, size: line.size }, pixels);
          targets.push({ line: li, cell: ci, box });
        }
      }
    }
    const ocr = targets.length > 0 ? engine() : null;
    if (!pixels || !ocr?.readLines) {
      out.push(page);
      continue;
    }
    const readings = await ocr.readLines(
      pixels,
      targets.map((t) => t.box),
      NUMBER_CELL_READING,
    );
    const lines = page.lines.map((l) => ({ ...l, cells: [...l.cells] }));
    for (const [i, t] of targets.entries()) {
      const cell = lines[t.line]!.cells[t.cell]!;
      const reading = readings[i]!;
      // Still below 1: the row stays an OCR row, which the OCR repairs of the row parser expect.
      if (acceptReading(cell, reading))
        lines[t.line]!.cells[t.cell] = {
          ...cell,
          text: reading.text,
          confidence: Math.min(reading.confidence, 0.99),
        };
    }
    out.push({ ...page, lines });
  }
  return out;
}
