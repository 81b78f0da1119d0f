/**
 * Repairs of what OCR makes of a result row, for rows read from a scan or photo (confidence below
 * 1): intervals with units glued on, `≥` read as `2`, a lost decimal point or leading zero, a
 * comma read as a point, a litre read as a flag, an arrow flag read as `1`. A text layer prints
 * what it prints, and its rows never come here.
 */
import { greaterEqualReadAsTwo, leadingInterval, parseRange } from './ranges.ts';
import type { Flag, lexValue, ResultValue } from './values.ts';

/**
 * OCR rows only: an interval with a unit glued after it (`20-45%`, `[135 - 145] mmol`) keeps the
 * interval and leaves the rest among the leftovers, where the unit readers look for it; a lone
 * number starting with 2 where the interval is printed (or, with none, left over) is a `≥` bound
 * OCR read as `2` (`240` for `≥40`).
 */
export function repairOcrInterval(
  parts: { unit: string | null; range: string | null; leftover: string[] },
  decimalComma: boolean,
): void {
  if (parts.range !== null && parseRange(parts.range, decimalComma) === null) {
    const lead = leadingInterval(parts.range);
    if (lead) {
      parts.range = lead.range;
      if (/[\p{L}%µ]/u.test(lead.rest)) parts.leftover.push(lead.rest);
    }
  }
  if (parts.range !== null) {
    parts.range = greaterEqualReadAsTwo(parts.range) ?? parts.range;
    return;
  }
  const numbers = parts.leftover.filter((l) => /\d/.test(l));
  const bound = numbers.length === 1 ? greaterEqualReadAsTwo(numbers[0]!) : null;
  if (bound !== null) {
    parts.range = bound;
    parts.leftover.splice(parts.leftover.indexOf(numbers[0]!), 1);
  }
}

/**
 * OCR splits `x10^9/L` into `1079` and `L`, and the lone `L` reads as a Low flag. When the value
 * lies inside a readable two-bound interval, the `L` contradicts it: it is the litre of the unit
 * that precedes it, so the flag is dropped and the unit rebuilt from the power of ten (the unit
 * resolution reads it from there).
 */
export function litreReadAsFlag(
  value: ResultValue,
  parts: { unit: string | null; range: string | null; flags: Flag[]; leftover: string[] },
  decimalComma: boolean,
): void {
  const parsed = parts.range === null ? null : parseRange(parts.range, decimalComma);
  if (typeof value !== 'number' || !parsed || parsed.low === null || parsed.high === null) return;
  if (value <= parsed.low || value >= parsed.high) return;
  const power = parts.leftover.findIndex((l) => /^[x×]?\s?10\S*$/i.test(l.trim()));
  if (power < 0 || parts.unit !== null) return;
  parts.flags = [];
  parts.unit = `${parts.leftover.splice(power, 1)[0]!.trim()}/L`;
}

/**
 * OCR loses the slash of `L/L` (a haematocrit unit) and the `LL` left reads as a critically-low
 * flag. When the row has no unit and another flag beside it (`0,49 H LL`), or its value lies
 * inside a readable two-bound interval, the flag contradicts the row: it is the unit.
 */
export function litrePerLitreReadAsFlag(
  value: ResultValue,
  parts: { unit: string | null; range: string | null; flags: Flag[] },
  decimalComma: boolean,
): void {
  if (parts.unit !== null) return;
  if (parts.flags.length > 1) {
    parts.flags = parts.flags.filter((f) => f !== 'LL');
    parts.unit = 'L/L';
    return;
  }
  const parsed = parts.range === null ? null : parseRange(parts.range, decimalComma);
  if (typeof value !== 'number' || !parsed || parsed.low === null || parsed.high === null) return;
  if (value < parsed.low || value > parsed.high) return;
  parts.flags = [];
  parts.unit = 'L/L';
}

/** What OCR makes of an arrow flag (`↑`, `↓`), which the English model has no glyph for. */
export const OCR_ARROW_RE = /^[1t|!I]$/;

/**
 * The flag an arrow OCR could not read stands for: its direction from the interval when the value
 * lies outside it, else `A` (abnormal; the arrow says so, the page does not say which way).
 */
export function arrowFlag(value: ResultValue, range: string | null, decimalComma: boolean): Flag {
  const parsed = range === null ? null : parseRange(range, decimalComma);
  if (typeof value === 'number' && parsed) {
    if (parsed.high !== null && value > parsed.high) return 'H';
    if (parsed.low !== null && value < parsed.low) return 'L';
  }
  return 'A';
}

/**
 * A value OCR read with a leading zero (`054`) lost the decimal mark after that zero: no
 * laboratory prints an integer as `054`, so it is `0.54`.
 */
export function restoreLeadingZero(
  lexed: NonNullable<ReturnType<typeof lexValue>>,
): NonNullable<ReturnType<typeof lexValue>> {
  const m = /^0(\d+)$/.exec(lexed.printed.trim());
  if (lexed.kind !== 'number' || !m) return lexed;
  return { ...lexed, value: Number(`0.${m[1]}`) };
}

/**
 * Where commas are decimal marks a point groups thousands (`1.014` is 1014), but OCR reads a
 * comma as a point as well (`1,014` printed, `1.014` read). When a value so read lies outside a
 * readable two-bound interval and the point as a decimal mark puts it inside (specific gravity
 * `1.014` against `1,005-1,030`), the point was a comma.
 */
export function commaReadAsPoint(
  lexed: NonNullable<ReturnType<typeof lexValue>>,
  range: string | null,
): NonNullable<ReturnType<typeof lexValue>> {
  const printed = lexed.printed.trim();
  if (lexed.kind !== 'number' || range === null || !/^\d{1,3}\.\d{3}$/.test(printed)) return lexed;
  const parsed = parseRange(range, true);
  if (!parsed || parsed.low === null || parsed.high === null) return lexed;
  const inside = (v: number) => v >= parsed.low! && v <= parsed.high!;
  const decimal = Number(printed);
  return !inside(lexed.value as number) && inside(decimal) ? { ...lexed, value: decimal } : lexed;
}

/**
 * OCR sometimes drops a decimal point (`4.9` read as `49`). When an integer value is about ten
 * times an interval printed with decimals and the value divided by ten falls inside it, the row is
 * not trusted: reporting a wrong value is worse than reporting none.
 */
export function lostDecimalPoint(value: ResultValue, range: string | null): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value) || range === null) return false;
  const bounds = [...range.matchAll(/\d+[.,](\d+)/g)];
  if (bounds.length === 0) return false;
  const numbers = bounds.map((b) => Number(b[0].replace(',', '.')));
  const high = Math.max(...numbers);
  const low = numbers.length > 1 ? Math.min(...numbers) : 0;
  for (const factor of [10, 100]) {
    const scaled = value / factor;
    if (value > high * 3 && scaled >= low * 0.8 && scaled <= high * 1.25) return true;
  }
  return false;
}

/**
 * The value a lost decimal point hides, when the printed interval says where it was: both bounds
 * printed with decimals, and exactly one of value/10 and value/100 inside the interval widened by
 * a quarter (`36` against `3,5 - 5,1` is 3.6). An interval with one bound says too little (`45`
 * against `< 5.0` may be a real CRP of 45), so it gives null, as does anything ambiguous.
 */
export function decimalFromInterval(
  value: ResultValue,
  range: string | null,
  decimalComma: boolean,
): number | null {
  if (typeof value !== 'number' || range === null || !/\d[.,]\d.*\d[.,]\d/.test(range)) return null;
  const parsed = parseRange(range, decimalComma);
  if (!parsed || parsed.low === null || parsed.high === null || parsed.low >= parsed.high) return null;
  const { low, high } = parsed;
  const fits = [10, 100].map((f) => value / f).filter((v) => v >= low * 0.8 && v <= high * 1.25);
  return fits.length === 1 ? Number(fits[0]!.toPrecision(6)) : null;
}

/**
 * OCR loses the space between a value and its unit (`29,7pg`, `36mEgL`, `37,2%`): in a recognised
 * cell, a number followed directly by a letter, `%`, `µ` or `/` is read as the value then the rest.
 */
export function ocrGluedUnit(
  value: ReturnType<typeof lexValue>,
  confidence: number,
): ReturnType<typeof lexValue> {
  if (!value || confidence >= 1 || value.kind !== 'number' || !/^[%µ\p{L}/]/u.test(value.rest)) return value;
  return { ...value, rest: ` ${value.rest}` };
}
