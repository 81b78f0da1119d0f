/**
 * A second OCR reading of doubtful number cells. The page reading gets the value and interval
 * cells of a result row wrong in typical ways (`(2:5="-7.8)` for `(2.5 - 7.8)`, `3,551` for
 * `3,5-5,1`, `37x` for `37.1`), mostly at low confidence. Those cells alone are cut out of the
 * page, enlarged and read again as one line restricted to digits, decimal marks, interval and
 * comparator signs and flags. Two readings with the same digits are merged (the second's dashes
 * and signs, the first's decimal marks); a reading with other digits replaces only a first reading
 * that was not clean (see {@link acceptReading}). Cells read well the first time are never read
 * again, which keeps the cost to the doubtful few.
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
const FLAG = String.raw`(?:\*{1,2}|[HL]|\([HL]\))`;
const VALUE = String.raw`(?:[<>≤≥]\s?)?${NUMBER}`;
const INTERVAL = String.raw`[([]?\s?(?:${NUMBER}\s?[-–]\s?${NUMBER}|[<>≤≥]\s?${NUMBER})\s?[)\]]?`;
/** A value with an optional flag and interval after it, or an interval alone. */
const CLEAN_CELL_RE = new RegExp(
  String.raw`^(?:[([]?${VALUE}[)\]]?(?:\s?${FLAG})?(?:\s${INTERVAL})?|${INTERVAL})$`,
);
/** A date or a time, which no value or interval cell holds. */
export const DATE_LIKE_RE = /\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}/;

/**
 * Whether a cell reads cleanly: a number (with a comparator or flag), an interval (`3,5-5,1`,
 * `<5`), or a value followed by its flag and interval, as a unit-after-interval layout prints it
 * in one cell (`0.59 L 0.8-1.2`).
 */
export function cleanNumberCell(text: string): boolean {
  return CLEAN_CELL_RE.test(text.trim().replace(/\s+/g, ' '));
}

/** A reading cut at its digits: `gaps[i]` is what comes before digit i, `gaps[n]` after the last. */
function atDigits(text: string): { digits: string; gaps: string[] } {
  const trimmed = text.trim();
  return { digits: trimmed.replace(/\D/g, ''), gaps: trimmed.split(/\d/) };
}

/**
 * Puts two readings of one cell with the same digits together: between two digits, the second
 * reading's punctuation where it has some (a dash, a space the first lost), else the first's;
 * where both have a decimal mark, the first's (its marks were checked against the pixels,
 * `ocr/decimals.ts`, and an enlarged crop loses small dots and merges an arrow flag read as `1`
 * into the number more often than it finds them). Before the first digit and after the last, the
 * second's (a comparator or bracket the first misread). Null when the digits differ.
 */
export function mergeReadings(first: string, second: string): string | null {
  const a = atDigits(first);
  const b = atDigits(second);
  if (a.digits !== b.digits || a.digits === '') return null;
  let out = '';
  for (let i = 0; i < b.gaps.length; i++) {
    const inner = i > 0 && i < b.gaps.length - 1;
    const first = a.gaps[i]!;
    const second = b.gaps[i]!;
    const keepFirst = inner && (second === '' || (/^[.,]$/.test(first) && /^[.,]$/.test(second)));
    out += (keepFirst ? first : second) + (a.digits[i] ?? '');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a cell after a row's name is a number cell worth a second reading: digits and at most
 * one letter (a flag or a misread digit; units have more), no date or time, and either unsure or
 * not a clean number or interval.
 */
export function doubtfulNumberCell(cell: LayoutCell, options: RereadOptions = {}): boolean {
  const text = cell.text.trim();
  if (!/\d/.test(text) || (text.match(/\p{L}/gu) ?? []).length > 1 || /[/]/.test(text)) return false;
  if (DATE_LIKE_RE.test(text)) return false;
  if (cell.confidence < (options.lowConfidence ?? 0.75)) return true;
  return cell.confidence < (options.uncleanConfidence ?? 0.93) && !cleanNumberCell(text);
}

/** Least confidence of a second reading whose digits differ from the first's. */
const MIN_NEW_DIGITS_CONFIDENCE = 0.5;

/**
 * What the cell reads after its second reading `next`, or null to keep the first. With the same
 * digits, the two are merged ({@link mergeReadings}) and the merge is taken when it reads cleanly
 * and says something new (`3,551` + `3,5-5,1`, `«5` + `<5`). With other digits, only a first
 * reading that is not clean is replaced, by a clean, fairly sure reading with about as many
 * digits (one more or fewer: a digit read as a letter, `37x` for `37.1`) and no decimal mark
 * fewer; more than that and the crop caught something else (a neighbour's arrow flag, a unit).
 */
export function acceptReading(cell: LayoutCell, next: { text: string; confidence: number }): string | null {
  if (next.text === '') return null;
  const merged = mergeReadings(cell.text, next.text);
  if (merged !== null) return merged !== cell.text.trim() && cleanNumberCell(merged) ? merged : null;
  if (cleanNumberCell(cell.text) || !cleanNumberCell(next.text)) return null;
  if (next.confidence < MIN_NEW_DIGITS_CONFIDENCE) return null;
  const before = cell.text.replace(/\D/g, '').length;
  const after = next.text.replace(/\D/g, '').length;
  if (decimalMarks(next.text) < decimalMarks(cell.text)) return null;
  return Math.abs(after - before) <= 1 ? next.text.trim() : null;
}

/** Decimal marks between two digits (`4,7`, `0.40-4.00` has two). */
function decimalMarks(text: string): number {
  return (text.match(/\d[.,](?=\d)/g) ?? []).length;
}

/** A line that may be a result row: a first cell with a word in it, and more cells after it. */
function mayBeRow(line: LayoutLine): boolean {
  return line.cells.length >= 2 && /\p{L}{2}/u.test(line.cells[0]!.text);
}

/** One kind of cell the second reading looks at: which are doubtful, how to read them, what to keep. */
export interface CellRereading {
  doubtful(cell: LayoutCell): boolean;
  reading: LineReadOptions;
  /** The cell's text after its second reading, or null to keep the first. */
  accept(cell: LayoutCell, next: { text: string; confidence: number }): string | null;
}

/** Value and interval cells (this module). */
export function numberCells(options: RereadOptions = {}): CellRereading {
  return {
    doubtful: (c) => doubtfulNumberCell(c, options),
    reading: NUMBER_CELL_READING,
    accept: acceptReading,
  };
}

/**
 * The pages with their doubtful cells read a second time, each cell by the first of `kinds` that
 * finds it doubtful (see the module comment). Pages without pixels (text layers) and engines
 * without `readLines` are returned as they are.
 */
export async function rereadDoubtfulCells(
  pages: readonly PageLayout[],
  engine: () => OcrEngine,
  kinds: readonly CellRereading[] = [numberCells()],
  options: RereadOptions = {},
): Promise<PageLayout[]> {
  const max = options.maxCellsPerPage ?? 40;
  const out: PageLayout[] = [];
  for (const page of pages) {
    const pixels = page.pixels;
    const targets: { line: number; cell: number; box: PixelBox; kind: CellRereading }[] = [];
    if (pixels) {
      for (const [li, line] of page.lines.entries()) {
        if (!mayBeRow(line)) continue;
        for (const [ci, cell] of line.cells.entries()) {
          const kind = ci === 0 || targets.length >= max ? undefined : kinds.find((k) => k.doubtful(cell));
          if (!kind) continue;
          const box = cellPixelBox({ x0: cell.x0, x1: cell.x1, y: line.y, size: line.size }, pixels);
          targets.push({ line: li, cell: ci, box, kind });
        }
      }
    }
    const ocr = targets.length > 0 ? engine() : null;
    if (!pixels || !ocr?.readLines) {
      out.push(page);
      continue;
    }
    const lines = page.lines.map((l) => ({ ...l, cells: [...l.cells] }));
    for (const kind of kinds) {
      const mine = targets.filter((t) => t.kind === kind);
      if (mine.length === 0) continue;
      const readings = await ocr.readLines(
        pixels,
        mine.map((t) => t.box),
        kind.reading,
      );
      for (const [i, t] of mine.entries()) {
        const cell = lines[t.line]!.cells[t.cell]!;
        const reading = readings[i]!;
        const text = kind.accept(cell, reading);
        // Still below 1: the row stays an OCR row, which the OCR repairs of the row parser expect.
        if (text !== null)
          lines[t.line]!.cells[t.cell] = { ...cell, text, confidence: Math.min(reading.confidence, 0.99) };
      }
    }
    out.push({ ...page, lines });
  }
  return out;
}
