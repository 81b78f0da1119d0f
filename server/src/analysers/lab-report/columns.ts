import type { LayoutLine } from '../layout/types.ts';
import { findDates } from './dates.ts';
import type { Column, ColumnRole } from './row.ts';

const ROLE_PATTERNS: readonly [ColumnRole, RegExp][] = [
  [
    'name',
    /^(tests?|test\s*name|test\s*description|investigations?|parameters?|analytes?|examinations?|description|components?|determinations?|name|analyses?|examens?|param[èe]tres?|untersuchungs?|untersuchungen|analyt|bepalingn?|bepalingen|onderzoek|pruebas?|determinaci[óo]n|determinaciones|par[áa]metros?|an[áa]lisis)$/i,
  ],
  [
    'value',
    /^(results?|values?|observed\s*values?|observations?|your\s*results?|readings?|findings?|patient\s*(results?|values?)|current|result\s*value|r[ée]sultats?|valeurs?|ergebnis(se)?|werte?|messwert|befund|uitslag|resultaat|waarde|resultados?|valor(es)?)$/i,
  ],
  [
    'flag',
    /^(flags?|status|abnormal|indicator|h\/l|alert|indicateur|signal|kennz|kennzeichen|bewertung|vlag|afwijkend|marca|alarma)$/i,
  ],
  ['unit', /^(units?|uom|unit\s*of\s*measure|unit[ée]s?|einheit(en)?|einh|eenheid|eenh|unidad(es)?)$/i],
  [
    'range',
    /^((bio\.?\s*|biological\s*)?ref(erence)?\.?\s*(range|interval|intervals|values?)?|(normal|expected|target)\s*(range|values?|limits?)?|range|interval|limits|valeurs?\s*(de\s*r[ée]f[ée]rence|normales|usuelles)|normes|(intervalle\s*de\s*)?r[ée]f[ée]rences?|referenz(bereich|werte|intervall)|normbereich|normwerte|referentie(waarden?|bereik)?|normaalwaarden?|(valores|intervalo|rango)\s*(de\s*referencia|normales?)|rango)$/i,
  ],
  ['other', /^(lab|method|methodology|code|comments?|specimen|sample)$/i],
];

/** Headings of the newest result column in a cumulative table. */
const CURRENT_RE =
  /^(current|latest|today|present|this\s*(visit|report|sample)|(current|latest|present|today'?s?|new)\s*(results?|values?))$/i;
/** Headings of earlier result columns. */
const PREVIOUS_RE =
  /^(previous|prior|last|earlier|old|past|historical|history|ant[ée]riorit[ée]s?|ant[ée]rieurs?|pr[ée]c[ée]dents?|vorwerte?|vorbefund|fr[üu]her|vorige|eerdere?|anteriore?s?|previos?)(\s*(results?|values?|reports?|visit|r[ée]sultats?|valeurs?))?(\s*\d*)?$/i;

/** Words allowed around a date in a result column heading (`Result 12/03/2024 08:30`). */
const DATE_HEADING_WORDS_RE =
  /\b(results?|values?|on|date|dated|collected|sample|run|report(?:ed)?|at|hrs?|h)\b|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm)?|[()[\],:;\-–/]/gi;

/** Both readings (day-first, month-first) of a date that is the whole of a column heading. */
export interface HeadingDate {
  dmy: string | null;
  mdy: string | null;
}

/** The date a result column is headed by, or null when the text is not just a date (and a time). */
export function headingDate(text: string): HeadingDate | null {
  const dates = findDates(text);
  if (dates.length !== 1) return null;
  const d = dates[0]!;
  if (!d.iso.dmy && !d.iso.mdy) return null;
  const rest = (text.slice(0, d.index) + ' ' + text.slice(d.index + d.length)).replace(
    DATE_HEADING_WORDS_RE,
    ' ',
  );
  return rest.trim() === '' ? d.iso : null;
}

function exactRoleOf(t: string): ColumnRole | null {
  if (CURRENT_RE.test(t)) return 'value';
  if (PREVIOUS_RE.test(t)) return 'previous';
  for (const [role, re] of ROLE_PATTERNS) if (re.test(t)) return role;
  return headingDate(t) ? 'value' : null;
}

function roleOf(text: string): ColumnRole | null {
  const t = text.trim().replace(/[:.]$/, '');
  const role = exactRoleOf(t);
  if (role || t.length < 9) return role;
  // OCR glues a stray mark or two onto a long heading (`REFERENCE INTERVALEi`).
  for (let cut = 1; cut <= 2; cut++) {
    const shorter = exactRoleOf(t.slice(0, -cut).trim());
    if (shorter && shorter !== 'value') return shorter;
  }
  return null;
}

/**
 * Picks which of several dated result columns is the newest. All dates are read in one order:
 * the only order that makes every date valid, else the order in which the dates differ most
 * clearly, else the document's order (`dayFirst`). Returns the index into `dates`, or null.
 */
export function latestDate(dates: readonly HeadingDate[], dayFirst: boolean): number | null {
  if (dates.length === 0) return null;
  const pick = (order: 'dmy' | 'mdy') => {
    const isos = dates.map((d) => d[order]);
    if (isos.some((d) => d === null)) return null;
    let best = 0;
    for (let i = 1; i < isos.length; i++) if (isos[i]! > isos[best]!) best = i;
    return best;
  };
  const dmy = pick('dmy');
  const mdy = pick('mdy');
  if (dmy === null) return mdy;
  if (mdy === null) return dmy;
  return dayFirst ? dmy : mdy;
}

/**
 * Resolves a header with several result columns (a cumulative report): the newest column keeps
 * the `value` role and the others become `previous`. The newest is the one headed
 * "current"/"latest"; else, when every result column is dated, the latest date; else the first
 * undated result column (the dated ones are earlier runs).
 */
function resolveResultColumns(
  columns: Column[],
  headings: readonly string[],
  dates: readonly (HeadingDate | null)[],
  dayFirst: boolean,
): Column[] {
  const valueIndexes = columns.flatMap((c, i) => (c.role === 'value' ? [i] : []));
  if (valueIndexes.length < 2) return columns;
  const dated = valueIndexes.filter((i) => dates[i] !== null);
  let chosen = valueIndexes.find((i) => CURRENT_RE.test(headings[i]!.trim().replace(/[:.]$/, '')));
  if (chosen === undefined && dated.length === valueIndexes.length) {
    const latest = latestDate(
      dated.map((i) => dates[i]!),
      dayFirst,
    );
    if (latest !== null) chosen = dated[latest];
  }
  // `Result | 20/01/2024 | 15/11/2023`: the undated result column is this report's, the dated
  // ones its history.
  chosen ??= valueIndexes.find((i) => dates[i] === null) ?? valueIndexes[0]!;
  const resolved = columns.map((c, i) =>
    c.role === 'value' && i !== chosen ? { ...c, role: 'previous' as const } : c,
  );
  // A flag column printed after each run belongs to that run.
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i]!.role === 'flag' && resolved[i - 1]!.role === 'previous')
      resolved[i] = { ...resolved[i]!, role: 'previous' };
  }
  return resolved;
}

/**
 * Recognises a table header line (`Test | Result | Flag | Units | Reference Interval`) and returns
 * its columns with extents reaching halfway to the neighbouring headers, so right- or left-aligned
 * cells still land in the right column. Returns null for any other line. In a cumulative table
 * (several result columns headed by dates, or `Current` / `Previous`) only the newest column is
 * the value; the others are `previous`.
 */
export function detectColumns(line: LayoutLine, dayFirst = true): Column[] | null {
  if (line.cells.length < 2) return null;
  // A header names every column but at most one (none of two); most lines are rows, which fail
  // that by their second cell, so the roles are read only as long as the line can still pass.
  const unknownAllowed = line.cells.length - Math.max(2, line.cells.length - 1);
  const roles: (ColumnRole | null)[] = [];
  let unknown = 0;
  for (const cell of line.cells) {
    const role = roleOf(cell.text);
    if (role === null && ++unknown > unknownAllowed) return null;
    roles.push(role);
  }
  if (!roles.includes('value') && !roles.includes('range')) return null;
  const dates = line.cells.map((c) => headingDate(c.text.trim()));
  // A line of dates alone (the second line of a cumulative header, or `Collected: ... | Reported:
  // ...`) is not a header by itself; dated columns need a test-name heading or two dated columns
  // beside a unit or interval heading.
  if (roles.every((r, i) => r === null || dates[i] !== null || r === 'previous')) return null;
  const datedCount = dates.filter((d) => d !== null).length;
  if (
    datedCount > 0 &&
    !roles.includes('name') &&
    !(datedCount >= 2 && (roles.includes('unit') || roles.includes('range')))
  )
    return null;
  const columns = line.cells.map((cell, i) => {
    const prev = line.cells[i - 1];
    const next = line.cells[i + 1];
    return {
      role: roles[i] ?? (i === 0 ? 'name' : 'other'),
      x0: prev ? (prev.x1 + cell.x0) / 2 : Number.NEGATIVE_INFINITY,
      x1: next ? (cell.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY,
    } satisfies Column;
  });
  return resolveResultColumns(
    columns,
    line.cells.map((c) => c.text),
    dates,
    dayFirst,
  );
}

/**
 * A cumulative header often prints the dates on the line under `Result | Result`. When every
 * cell of `line` is a date under a result column of `columns`, returns the columns with the
 * newest one kept as the value; otherwise null (the line is not such a date line).
 */
export function applyDateLine(
  columns: readonly Column[],
  line: LayoutLine,
  dayFirst = true,
): Column[] | null {
  const results = columns.flatMap((c, i) => (c.role === 'value' || c.role === 'previous' ? [i] : []));
  if (results.length < 2 || line.cells.length < 2) return null;
  const dates: (HeadingDate | null)[] = columns.map(() => null);
  for (const cell of line.cells) {
    const date = headingDate(cell.text.trim());
    if (!date) return null;
    const centre = (cell.x0 + cell.x1) / 2;
    const index = results.find((i) => centre >= columns[i]!.x0 && centre < columns[i]!.x1);
    if (index === undefined || dates[index] !== null) return null;
    dates[index] = date;
  }
  const reset = columns.map((c, i) =>
    c.role === 'previous' && dates[i] !== null ? { ...c, role: 'value' as const } : c,
  );
  const headings = reset.map(() => '');
  return resolveResultColumns(reset, headings, dates, dayFirst);
}
