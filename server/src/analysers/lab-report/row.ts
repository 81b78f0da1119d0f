import type { LayoutCell } from '../layout/types.ts';
import {
  arrowFlag,
  commaReadAsPoint,
  decimalFromInterval,
  litrePerLitreReadAsFlag,
  litreReadAsFlag,
  lostDecimalPoint,
  OCR_ARROW_RE,
  ocrGluedUnit,
  repairOcrInterval,
  restoreLeadingZero,
} from './ocr-row-repairs.ts';
import {
  cleanRange,
  joinedBounds,
  leadingInterval,
  parseRange,
  qualitativeRange,
  repairOcrRange,
  splitRange,
  startsWithRange,
} from './ranges.ts';
import { repairOcrUnit } from './units/synonyms.ts';
import { isKnownUnit } from './units/ucum.ts';
import {
  extractFlags,
  type Flag,
  isFreeTextValue,
  joinSpacedThousands,
  lexValue,
  parseFlag,
  type ResultValue,
} from './values.ts';

/** A line read as a candidate result row, before LOINC and unit mapping. */
export interface ParsedRow {
  name: string;
  value: ResultValue;
  valueKind: 'number' | 'comparator' | 'ordinal' | 'qualitative' | 'text';
  unit: string | null;
  range: string | null;
  flags: Flag[];
  /** Cells of the line that could not be read (a lab code column, say). */
  leftover: string[];
  /** True when name and value shared one cell (no column gap between them). */
  inline: boolean;
  confidence: number;
}

/** Column roles taken from a table's header line. */
export type ColumnRole = 'name' | 'value' | 'flag' | 'unit' | 'range' | 'other' | 'previous';

/** A header column: its role and horizontal extent. */
export interface Column {
  role: ColumnRole;
  x0: number;
  x1: number;
}

/** Starts of lines that are prose, not results. */
const NOTE_START_RE =
  /^(note|notes|comment|comments|interpretation|method|methodology|remark|remarks|advice|advised|clinical|disclaimer|please|this|the|test results|results?\s+relate|reviewed|verified|approved|printed|generated|page|sample\s+type|specimen|reference|ref\b|kindly|for\s|if\s|\*|•|-\s)/i;

function cleanName(raw: string): string {
  return (
    raw
      // Footnote markers (`Ferritin¹`, and as OCR reads them `Ferritine?`, `Hématocrite!`) are not
      // part of the name.
      .replace(/[\u00b9\u00b2\u00b3\u2070-\u2079]+/g, '')
      .replace(/(?<=\p{L})[?!]+(?=\s*$)/u, '')
      .replace(/\s*[:：]\s*$/, '')
      .replace(/\s*\.{2,}\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Accepts plausible test names: letters, bounded length, not prose. */
export function looksLikeTestName(name: string): boolean {
  if (name.length < 1 || name.length > 70) return false;
  if (!/[A-Za-z]/.test(name)) return false;
  if (NOTE_START_RE.test(name)) return false;
  if (/[;!?]/.test(name) || name.split(/\s+/).length > 9) return false;
  if (/\b(19|20)\d\d\b/.test(name)) return false;
  // Identifiers (`BPRL-2369292`, accession numbers) are not test names.
  if (/\d{5,}/.test(name)) return false;
  return true;
}

/** Reads unit, interval and flags from the text that follows a value. */
function readTail(
  text: string,
  into: { unit: string | null; range: string | null; flags: Flag[]; leftover: string[] },
): void {
  const { flags, rest } = extractFlags(text);
  into.flags.push(...flags);
  if (rest === '') return;
  const { before, range: printed } = splitRange(rest);
  if (printed !== null && into.range === null) {
    // A unit printed after the interval (`3.5-5.0 mmol/L`) is the row's unit.
    const { range, unit } = splitRangeUnit(printed);
    into.range = range;
    if (unit !== null && into.unit === null) into.unit = unit;
  }
  const range = printed;
  const unitText = before.trim();
  if (unitText === '') return;
  if (into.unit === null && isKnownUnit(unitText)) into.unit = unitText;
  else if (range === null && into.range === null && qualitativeRange(unitText) !== null) {
    // A bracketed or known word after the value is a qualitative interval (`(Negative)`).
    into.range = qualitativeRange(unitText);
  } else if (
    range === null &&
    into.range === null &&
    /^\p{L}[\p{L} ]*$/u.test(unitText) &&
    into.unit !== null
  ) {
    // A word after the unit column is a qualitative interval (`Negative`, `Clear`).
    into.range = unitText;
  } else into.leftover.push(unitText);
}

/**
 * Parses one layout line as a result row. `columns` (from a table header) assign cells to roles
 * by position; without them the cells are read in order: name, value (+ flag), then unit, interval
 * and flags in any order. Returns null when the line is not a result.
 */
export function parseRow(
  rowCells: readonly LayoutCell[],
  columns: readonly Column[] | null,
  decimalComma: boolean,
): ParsedRow | null {
  if (rowCells.length === 0) return null;
  let cells: readonly LayoutCell[] = rowCells.map((c) => ({
    ...c,
    text: flagAfterValue(joinSpacedThousands(c.text)),
  }));
  let name = '';
  let tail: string[] = [];
  let inline = false;
  let first: ReturnType<typeof lexValue> = null;

  cells = nameFirst(cells, columns);
  if (columns?.some((c) => c.role === 'previous') && cells.length >= 2) {
    // A cumulative table: the value is the cell under the newest result column, wherever it sits;
    // a row with no result there (the test was only done earlier) reports nothing.
    const roles = cells.map((c) => columnRoleOf(c, columns));
    const at = roles.findIndex((r, i) => i > 0 && r === 'value');
    if (at < 0) return null;
    if (at > 1) cells = [cells[0]!, cells[at]!, ...cells.slice(1, at), ...cells.slice(at + 1)];
  }
  cells = valueSecond(cells, columns, decimalComma);
  const texts = cells.map((c) => c.text);

  if (cells.length >= 2) {
    const value = ocrGluedUnit(lexValue(texts[1]!, decimalComma), cells[1]!.confidence);
    name = cleanName(texts[0]!);
    if ((value && /^\s*$|^\s/.test(value.rest)) || (value && value.rest === '')) {
      first = value;
      tail = [value.rest, ...texts.slice(2)];
    } else if (isFreeTextValue(texts[1]!) && columnRoleOf(cells[1]!, columns) === 'value') {
      first = { value: texts[1]!.trim(), printed: texts[1]!.trim(), kind: 'qualitative', rest: '' };
      tail = texts.slice(2);
    }
  }
  if (!first) {
    // Name and value in one cell: `Hemoglobin: 13.5 g/dL` or OCR that merged the gap.
    const split = splitInline(texts[0]!, decimalComma);
    if (!split) return null;
    name = split.name;
    first = split.value;
    tail = [split.value.rest, ...texts.slice(1)];
    inline = true;
  }
  if (!looksLikeTestName(name)) return null;

  const parts = {
    unit: null as string | null,
    range: null as string | null,
    flags: [] as Flag[],
    leftover: [] as string[],
  };
  // Interpretation tables (`Total Cholesterol | < 200 | 200 - 239 | >= 240`) print several
  // intervals (a `<x` value counts as one) and no unit.
  const tailTexts = tail.slice(1);
  const intervals =
    (first.kind === 'comparator' ? 1 : 0) +
    tailTexts.filter((t) => startsWithRange(t)).length +
    (startsWithRange(tail[0] ?? '') ? 1 : 0);
  const anyUnit =
    tail.some((t) => /[\p{L}%]/u.test(t) && isKnownUnit(extractFlags(t).rest)) ||
    tail.some((t) => splitRangeUnit(cleanRange(t)).unit !== null);
  if (intervals >= 2 && !anyUnit) return null;
  const tailCells = cells.slice(inline ? 1 : 2);
  const firstRest = tail[0] ?? '';
  readTail(firstRest, parts);
  for (let i = 1; i < tail.length; i++) {
    const text = tail[i]!;
    const role = columnRoleOf(tailCells[i - 1]!, columns);
    if (role === 'previous') continue;
    if (role === 'other') {
      // An interval under an unrecognised heading (two headings printed as one cell) is still one.
      const cell = tailCells[i - 1]!;
      if (parts.range === null && (isIntervalCell(cell) || qualitativeRange(text) !== null))
        readTail(text, parts);
      // So is a unit or a flag (`Marca Unidades` read as one heading); an unknown word may still be a
      // unit OCR misread.
      else if (parts.unit === null && /[\p{L}%]/u.test(text) && isKnownUnit(text)) parts.unit = text.trim();
      else if (parseFlag(text) !== null) parts.flags.push(parseFlag(text)!);
      else if (!inline) parts.leftover.push(text);
      continue;
    }
    if (role === 'flag') {
      const flag = parseFlag(text);
      if (flag) parts.flags.push(flag);
      else parts.leftover.push(text);
      continue;
    }
    if (role === 'unit' && parts.unit === null && !startsWithRange(text) && splitRange(text).range === null) {
      // `L/L` with its slash lost, under the unit heading, is no critically-low flag.
      if (tailCells[i - 1]!.confidence < 1 && text.trim() === 'LL') {
        parts.unit = 'L/L';
        continue;
      }
      const { flags, rest } = extractFlags(text);
      parts.flags.push(...flags);
      if (rest !== '') parts.unit = rest;
      continue;
    }
    if (role === 'range' && parts.range === null && splitRange(text).before !== '') {
      // A unit that ran into the interval column (`mmol/mol [20 - 38]`).
      readTail(text, parts);
      continue;
    }
    if (role === 'range' && parts.range === null) {
      const { range, unit } = splitRangeUnit(splitRange(text).range ?? cleanRange(text));
      parts.range = range;
      if (unit !== null && parts.unit === null) parts.unit = unit;
      continue;
    }
    const flag = parseFlag(text);
    if (flag) {
      parts.flags.push(flag);
      continue;
    }
    readTail(text, parts);
  }
  // Prose after an inline value (`below 5.7 % normal; 5.7 - 6.4 % prediabetes`) is not a result.
  if (inline && parts.leftover.some((l) => l.trim() !== '')) return null;
  let confidence = Math.min(...cells.map((c) => c.confidence));
  if (confidence < 1) repairOcrInterval(parts, decimalComma);
  if (parts.unit === null) {
    // A unit under a heading the header line did not name (`Marca Unidades` printed as one cell).
    const index = parts.leftover.findIndex((l) => /[\p{L}%]/u.test(l) && isKnownUnit(l));
    if (index >= 0) parts.unit = parts.leftover.splice(index, 1)[0]!;
  }
  if (parts.unit === null && confidence < 1) {
    // OCR: a leftover that is a unit once typical misreadings are repaired.
    const index = parts.leftover.findIndex((l) => repairOcrUnit(l) !== null);
    if (index >= 0) parts.unit = repairOcrUnit(parts.leftover.splice(index, 1)[0]!)!;
  } else if (parts.unit !== null && confidence < 1 && !isKnownUnit(parts.unit)) {
    parts.unit = repairOcrUnit(parts.unit) ?? parts.unit;
  }
  if (confidence < 1) first = restoreLeadingZero(first);
  if (confidence < 1 && parts.range === null) {
    // An interval whose dash OCR lost (`(3.55.2)`) is no interval shape, so it sits in leftovers.
    const index = parts.leftover.findIndex((l) => joinedBounds(l) !== null);
    if (index >= 0) parts.range = joinedBounds(parts.leftover.splice(index, 1)[0]!);
  }
  if (confidence < 1 && parts.range !== null) parts.range = repairOcrRange(parts.range, first.value);
  if (confidence < 1 && parts.range === null) {
    // A bracketed cell with digits is an interval OCR mangled (`(0812)`, `(41)`): kept as the
    // row's interval, unreadable, so the document's flags decide as for any interval that
    // cannot be compared.
    const index = parts.leftover.findIndex((l) => /^\s*[([][^()[\]]*\d[^()[\]]*[)\]]\s*$/.test(l));
    if (index >= 0) parts.range = cleanRange(parts.leftover.splice(index, 1)[0]!);
  }
  if (confidence < 1 && decimalComma) first = commaReadAsPoint(first, parts.range);
  if (confidence < 1 && lostDecimalPoint(first.value, parts.range)) {
    const restored = decimalFromInterval(first.value, parts.range, decimalComma);
    if (restored === null) return null;
    first = { ...first, value: restored };
    confidence *= 0.9;
  }
  if (confidence < 1 && parts.flags.length === 1 && parts.flags[0] === 'L')
    litreReadAsFlag(first.value, parts, decimalComma);
  if (confidence < 1 && parts.flags.includes('LL')) litrePerLitreReadAsFlag(first.value, parts, decimalComma);
  if (confidence < 1 && parts.flags.length === 0) {
    const arrow = parts.leftover.findIndex((l) => OCR_ARROW_RE.test(l.trim()));
    if (arrow >= 0) {
      parts.leftover.splice(arrow, 1);
      parts.flags.push(arrowFlag(first.value, parts.range, decimalComma));
    }
  }
  confidence = Math.max(0, Math.min(1, confidence));
  return {
    name,
    value: first.value,
    valueKind: first.kind,
    unit: parts.unit,
    range: parts.range,
    flags: parts.flags,
    leftover: parts.leftover,
    inline,
    confidence,
  };
}

function columnRoleOf(cell: LayoutCell, columns: readonly Column[] | null): ColumnRole | null {
  if (!columns || columns.length === 0) return null;
  let best: Column | null = null;
  let bestOverlap = 0;
  for (const column of columns) {
    const overlap = Math.min(cell.x1, column.x1) - Math.max(cell.x0, column.x0);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = column;
    }
  }
  return best?.role ?? null;
}

/** `3.5-5.0 mmol/L` -> interval `3.5-5.0` and unit `mmol/L`; anything else is left as it is. */
function splitRangeUnit(printed: string): { range: string; unit: string | null } {
  const m = RANGE_WITH_UNIT_RE.exec(printed);
  if (m && isKnownUnit(m[2]!)) return { range: cleanRange(m[1]!), unit: m[2]! };
  return { range: printed, unit: null };
}

const RANGE_WITH_UNIT_RE = /^(.*?\d[)\]]?)\s+([^\d\s][^\s]*|10\^?\d+\/\S+|x\s?10\S+)$/;

/** Whether a cell starts with a value followed by nothing or a space (`5.6`, `5.6 H`, not `10^9/L`). */
function startsWithValue(text: string, decimalComma: boolean, confidence = 1): boolean {
  const value = ocrGluedUnit(lexValue(text, decimalComma), confidence);
  return value !== null && (value.rest === '' || /^\s/.test(value.rest));
}

/**
 * A cell that is a printed interval: nothing else ({@link isWholeRange}), or, read by OCR, a
 * two-bound interval with a unit glued after it (`20-45%`, `27-33pg`; the row parser keeps the
 * interval and reads the rest as the unit). A one-bound interval with a unit after it is not one
 * here: `<0.5 mg/dL` is a value.
 */
function isIntervalCell(cell: LayoutCell): boolean {
  if (isWholeRange(cell.text)) return true;
  if (cell.confidence >= 1) return false;
  const lead = leadingInterval(cell.text);
  const parsed = lead ? parseRange(lead.range) : null;
  return parsed !== null && parsed.low !== null && parsed.high !== null && parsed.low < parsed.high;
}

/** A whole cell that is a printed interval and nothing else (`135 - 145`, `[< 5]`, `up to 200`). */
function isWholeRange(text: string): boolean {
  const { before, range } = splitRange(text);
  if (before !== '' || range === null) return false;
  const parsed = parseRange(splitRangeUnit(range).range);
  return parsed !== null && (parsed.low === null || parsed.high === null || parsed.low < parsed.high);
}

/**
 * Puts the value cell second: the cell under the header's value column when the table has a
 * header, otherwise (found by content) the first cell after the name that holds a value, passing
 * over a cell that is only an interval when a value follows it (`Name | 3.5-5.0 | 4.2 | mmol/L`).
 */
/** `*235 mg/dL`, `↑ 5.4`: a flag mark printed before the value, moved after it where flags are read. */
function flagAfterValue(text: string): string {
  const m = /^\s*(\*{1,2}|[↑↓▲▼])\s*(?=[<>≤≥]?\s*[-+]?\d)/u.exec(text);
  return m ? `${text.slice(m[0].length)} ${m[1]}` : text;
}

/**
 * Moves the cell under the header's test-name column to the front, wherever the laboratory
 * printed that column (`Result | Units | Test | Reference`, `Code | Test | Result`): a row is
 * read name first.
 */
function nameFirst(cells: readonly LayoutCell[], columns: readonly Column[] | null): readonly LayoutCell[] {
  if (cells.length < 2 || !columns?.some((c) => c.role === 'name')) return cells;
  const at = cells.findIndex((c) => columnRoleOf(c, columns) === 'name');
  if (at <= 0) return cells;
  return [cells[at]!, ...cells.slice(0, at), ...cells.slice(at + 1)];
}

function valueSecond(
  cells: readonly LayoutCell[],
  columns: readonly Column[] | null,
  decimalComma: boolean,
): readonly LayoutCell[] {
  if (cells.length < 3) return cells;
  let at = -1;
  if (columns?.some((c) => c.role === 'value')) {
    at = cells.findIndex(
      (c, i) =>
        i > 0 && columnRoleOf(c, columns) === 'value' && startsWithValue(c.text, decimalComma, c.confidence),
    );
  }
  // By content: the value is the first cell that holds one, past cells that are only an interval
  // (a bracketed word is one too), a unit or a flag (`Name | 3.5-5.0 mmol/L | 4.2`); a
  // right-aligned value can also sit past its heading. Any other cell before it (a date, an
  // identifier) means this is no result row.
  if (at < 0) {
    for (let i = 1; i < cells.length; i++) {
      const text = cells[i]!.text;
      if (isIntervalCell(cells[i]!) || (/^\s*[[(]/.test(text) && qualitativeRange(text) !== null)) continue;
      if (startsWithValue(text, decimalComma, cells[i]!.confidence)) {
        at = i;
        break;
      }
      if ((/[\p{L}%]/u.test(text) && isKnownUnit(text)) || parseFlag(text) !== null) continue;
      break;
    }
  }
  if (at <= 1) return cells;
  return [cells[0]!, cells[at]!, ...cells.slice(1, at), ...cells.slice(at + 1)];
}

/** Splits `Name: value rest` or `Name value rest` held in a single cell. */
function splitInline(
  text: string,
  decimalComma: boolean,
): { name: string; value: NonNullable<ReturnType<typeof lexValue>> } | null {
  const colon = /^([^:：]{2,70}?)\s*[:：]\s*(.+)$/.exec(text);
  if (colon) {
    const value = lexValue(colon[2]!, decimalComma);
    if (value && (value.rest === '' || /^\s/.test(value.rest))) return { name: cleanName(colon[1]!), value };
  }
  // Without a colon, the value is the first number after the name that is followed by a unit,
  // an interval or nothing.
  const re = /\s(?=[<>≤≥]?\s?[-+]?\d)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const head = text.slice(0, m.index);
    if (!/[A-Za-z]{2}/.test(head)) continue;
    const value = lexValue(text.slice(m.index + 1), decimalComma);
    if (!value || !(value.rest === '' || /^\s/.test(value.rest))) continue;
    const rest = value.rest.trim();
    const { rest: noFlags } = extractFlags(rest);
    const { before, range } = splitRange(noFlags);
    if (rest === '' || range !== null || isKnownUnit(before)) return { name: cleanName(head), value };
  }
  return null;
}
