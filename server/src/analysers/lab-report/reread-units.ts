/**
 * The second reading (`reread-cells.ts`) of unit cells: a unit the page reading got unsure of
 * (`U/L` for `IU/L` with its thin `I` lost, `miUL` for `mIU/L`) is read again, enlarged, with
 * every character allowed. The new reading is kept only when its numbers are the first's, it is
 * surer and no shorter, and every word it changed is a known unit or a flag, at least one of them
 * a unit the first reading did not have.
 */
import type { LayoutCell } from '../layout/types.ts';
import { type CellRereading, DATE_LIKE_RE } from './reread-cells.ts';
import { isKnownUnit } from './units/ucum.ts';
import { parseFlag } from './values.ts';

/** Below this confidence a unit cell is read again. */
const UNSURE_UNIT = 0.75;

/**
 * Whether a cell may hold a unit worth a second reading: unsure, short, with letters but no word
 * of four letters or more beside a unit (names, prose and headings are not re-read), no date.
 */
export function doubtfulUnitCell(cell: LayoutCell): boolean {
  const text = cell.text.trim();
  if (cell.confidence >= UNSURE_UNIT || text.length > 20 || !/\p{L}/u.test(text)) return false;
  if (DATE_LIKE_RE.test(text)) return false;
  return text.split(/\s+/).every((w) => !/\p{L}{4,}/u.test(w) || isKnownUnit(w));
}

function numbersOf(text: string): string {
  return (text.match(/\d+(?:[.,]\d+)?/g) ?? []).join(' ');
}

/** The cell's text after the unit's second reading, or null to keep the first. */
export function acceptUnitReading(
  cell: LayoutCell,
  next: { text: string; confidence: number },
): string | null {
  const text = next.text.trim();
  if (text === '' || next.confidence <= cell.confidence) return null;
  if (numbersOf(text) !== numbersOf(cell.text)) return null;
  // Fewer characters than the first reading is a glyph dropped (`g/dL` for `µg/dL`), not found.
  if (text.replace(/\s/g, '').length < cell.text.replace(/\s/g, '').length) return null;
  const before = new Set(cell.text.trim().split(/\s+/));
  const changed = text.split(/\s+/).filter((w) => !before.has(w) && /\p{L}/u.test(w));
  const units = changed.filter((w) => isKnownUnit(w));
  const fine = changed.every((w) => isKnownUnit(w) || parseFlag(w) !== null);
  // A unit the first reading already had, in other case or with `*` for `^` (`10^9/L` read
  // again `10*9/L`), says nothing new: the first spelling stays.
  const spelling = (w: string) => w.toLowerCase().replaceAll('*', '^');
  const had = new Set([...before].map(spelling));
  const news = units.filter((w) => !had.has(spelling(w)));
  return fine && news.length > 0 ? text : null;
}

/** Unit cells, for `rereadDoubtfulCells`. */
export const unitCells: CellRereading = {
  doubtful: doubtfulUnitCell,
  // Every character: units are letters, signs and digits of all kinds.
  reading: { whitelist: '', scale: 2.5 },
  accept: acceptUnitReading,
};
