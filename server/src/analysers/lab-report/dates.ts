import type { LayoutLine } from '../layout/types.ts';
import { correctOcrWords, ocrVocabulary } from './ocr-words.ts';

/**
 * Month names and abbreviations in English, French, German, Dutch and Spanish (lower case, accents
 * as printed; matching is case-insensitive and also accepts the accent-free spelling).
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jän', 'januari', 'enero', 'ene'],
  ['february', 'feb', 'février', 'févr', 'fév', 'februar', 'februari', 'febrero'],
  ['march', 'mar', 'mars', 'märz', 'mär', 'maart', 'mrt', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mei', 'mayo'],
  ['june', 'jun', 'juin', 'juni', 'junio'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio'],
  ['august', 'aug', 'août', 'augustus', 'agosto', 'ago'],
  ['september', 'sept', 'sep', 'septembre', 'septiembre', 'setiembre'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'décembre', 'déc', 'dezember', 'dez', 'diciembre', 'dic'],
];

function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

const MONTHS = new Map<string, number>();
for (const [i, names] of MONTH_NAMES.entries())
  for (const name of names) {
    MONTHS.set(name, i + 1);
    MONTHS.set(stripAccents(name), i + 1);
  }

function monthNumber(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.get(w) ?? MONTHS.get(stripAccents(w)) ?? 0;
}

const MONTH = `(${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?(?![\\p{L}])`;

/** A date found in text, with the order its numeric parts could be read in. */
export interface FoundDate {
  index: number;
  length: number;
  /** ISO date when unambiguous given the order, keyed by order. */
  iso: { dmy: string | null; mdy: string | null };
}

function iso(y: number, m: number, d: number): string | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DATE_RES: readonly [RegExp, (m: RegExpExecArray) => FoundDate['iso']][] = [
  [
    /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g,
    (m) => {
      const v = iso(+m[1]!, +m[2]!, +m[3]!);
      return { dmy: v, mdy: v };
    },
  ],
  [
    // `14 March 2024`, `14-Mar-24`, `14. März 2024`, `14 de marzo de 2024`
    new RegExp(
      String.raw`\b(\d{1,2})(?:st|nd|rd|th|er)?\.?[-\s/.]*(?:de\s+)?${MONTH}[-\s/.,]*(?:de\s+)?(\d{4}|\d{2})\b`,
      'giu',
    ),
    (m) => {
      const v = iso(+m[3]!, monthNumber(m[2]!), +m[1]!);
      return { dmy: v, mdy: v };
    },
  ],
  [
    new RegExp(String.raw`(?<![\p{L}])${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'giu'),
    (m) => {
      const v = iso(+m[3]!, monthNumber(m[1]!), +m[2]!);
      return { dmy: v, mdy: v };
    },
  ],
  [
    /(?<![\d.,])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,]\d|\d)/g,
    (m) => ({
      dmy: iso(+m[4]!, +m[3]!, +m[1]!),
      mdy: iso(+m[4]!, +m[1]!, +m[3]!),
    }),
  ],
];

export function findDates(printed: string): FoundDate[] {
  // Every form above has digits; most cells asked (names, units, headings) have none.
  if (!/\d/.test(printed)) return [];
  // A time glued to the year (`02.10.202408:28`, OCR lost the space) is cut off first.
  const text = printed.replace(/(?<=\d[-/.]\d{1,2}[-/.](?:19|20)\d\d)(?=[0-2]?\d:[0-5]\d)/g, ' ');
  const found: FoundDate[] = [];
  for (const [re, read] of DATE_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (found.some((f) => m!.index < f.index + f.length && f.index < m!.index + m![0].length)) continue;
      found.push({ index: m.index, length: m[0].length, iso: read(m) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Wraps label alternatives so they match whole words, accented letters included. */
function labelRe(alternatives: string): RegExp {
  return new RegExp(String.raw`(?<![\p{L}\d])(?:${alternatives})(?![\p{L}])`, 'iu');
}

const COLLECTION_RE = labelRe(
  [
    String.raw`collect(?:ed|ion)(?:\s+(?:on|date|time|date\s*\/\s*time))?|date\s+collected|specimen\s+collected|sample\s+collected|sample\s+collection|drawn|sampling\s+date|date\s+of\s+collection|sample\s+date|specimen\s+date|sample\s+taken`,
    // French, German, Dutch, Spanish
    String.raw`pr[ée]lev[ée](?:\s+le)?|(?:date\s+(?:de|du)\s+)?pr[ée]l[èe]vement|(?:proben)?entnahme(?:datum)?|(?:blut)?abnahme(?:datum)?|afname(?:datum)?|afgenomen(?:\s+op)?|datum\s+afname|fecha\s+de\s+(?:toma|extracci[óo]n|recogida|obtenci[óo]n)|toma\s+de\s+muestra|extracci[óo]n`,
  ].join('|'),
);
const RESULT_RE = labelRe(
  [
    String.raw`reported(?:\s+on)?|report(?:ed)?\s+date|date\s+reported|report\s+released(?:\s+on)?|released(?:\s+on)?|result\s+date|date\s+of\s+report|authori[sz]ed(?:\s+on)?|validated(?:\s+on)?|approved(?:\s+on)?|verified(?:\s+on)?|final\s+report\s+date|report\s+date|issued(?:\s+on)?|date\s+issued|signed(?:\s+on)?`,
    String.raw`valid[ée](?:\s+le)?|date\s+de\s+validation|(?:date\s+du\s+)?compte[-\s]rendu(?:\s+du)?|befund(?:datum|\s+vom|et\s+am)|freigegeben(?:\s+am)?|validiert(?:\s+am)?|rapport(?:datum|\s+datum)|uitslag(?:datum)?|datum\s+uitslag|gevalideerd(?:\s+op)?|fecha\s+(?:del?\s+)?(?:informe|validaci[óo]n|resultado)|validado(?:\s+el)?|informe\s+emitido`,
  ].join('|'),
);
const NOT_REPORT_RE = labelRe(
  String.raw`received|registered|registration|printed|birth|dob|generated|requested|re[çc]u(?:\s+le)?|naissance|eingang|geburt\w*|ontvangen|geboorte\w*|recepci[óo]n|nacimiento|imprim[ée]|gedruckt|afgedrukt|impreso`,
);
/** Decides whether all-numeric dates are day-first, from any part greater than 12 in the document. */
export function dayFirst(lines: readonly LayoutLine[], fallbackDayFirst: boolean): boolean {
  return dateOrderEvidence(lines) ?? fallbackDayFirst;
}

/** Whether the document's numeric dates are day-first, as its unambiguous dates say; null when none say. */
function dateOrderEvidence(lines: readonly LayoutLine[]): boolean | null {
  let dmy = 0;
  let mdy = 0;
  for (const line of lines) {
    for (const cell of line.cells) {
      for (const m of cell.text.matchAll(/(?<![\d.,])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d.,]\d|\d)/g)) {
        if (+m[1]! > 12 && +m[3]! <= 12) dmy++;
        if (+m[3]! > 12 && +m[1]! <= 12) mdy++;
      }
    }
  }
  return dmy !== mdy ? dmy > mdy : null;
}

interface Label {
  line: number;
  cell: number;
  /** Index within the cell text just after the label. */
  end: number;
}

/**
 * The single words of the date labels above, for OCR'd cells (`ocr-words.ts`): a misread letter
 * in a label must not hide the date next to it.
 */
const LABEL_WORDS = ocrVocabulary([
  ...'collected collection specimen sample sampling drawn reported released authorised authorized validated approved verified issued signed received registered registration printed'.split(
    ' ',
  ),
  ...'prélevé prélèvement validé compte rendu reçu naissance imprimé'.split(' '),
  ...'entnahme probenentnahme entnahmedatum abnahme blutabnahme abnahmedatum befund befunddatum freigegeben validiert eingang geburtsdatum gedruckt'.split(
    ' ',
  ),
  ...'afname afnamedatum afgenomen rapportdatum uitslag uitslagdatum gevalideerd ontvangen geboortedatum afgedrukt'.split(
    ' ',
  ),
  ...'fecha extracción recogida obtención informe validación resultado validado emitido recepción nacimiento impreso'.split(
    ' ',
  ),
]);

/** A cell's text, with label words OCR misspelt put back when the cell was recognised. */
function labelText(cell: LayoutLine['cells'][number]): string {
  return cell.confidence < 1 ? correctOcrWords(cell.text, LABEL_WORDS) : cell.text;
}

function findLabels(lines: readonly LayoutLine[], re: RegExp): Label[] {
  const labels: Label[] = [];
  for (const [li, line] of lines.entries()) {
    for (const [ci, raw] of line.cells.entries()) {
      const cell = { ...raw, text: labelText(raw) };
      const m = re.exec(cell.text);
      if (!m) continue;
      // `Received` or `Printed` next to the label word means another date.
      const around = cell.text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 4);
      if (NOT_REPORT_RE.test(around) && !re.test(around.replace(NOT_REPORT_RE, ''))) continue;
      labels.push({ line: li, cell: ci, end: m.index + m[0].length });
    }
  }
  return labels;
}

/**
 * How far (in text heights) the next cell may start after a label and still hold its date: about
 * 250 pt at 9 pt print. In text heights, not page units, so OCR pages (pixels, ~2.5 times more
 * per text height than points) read the same layout as the text layer does.
 */
const NEXT_CELL_GAP = 28;

/** The date printed for a label: after it in the same cell, in the next cell, or just below it. */
function dateFor(lines: readonly LayoutLine[], label: Label, first: boolean): string | null {
  const line = lines[label.line]!;
  const cell = { ...line.cells[label.cell]!, text: labelText(line.cells[label.cell]!) };
  const pick = (text: string) => {
    const d = findDates(text)[0];
    return d ? ((first ? d.iso.dmy : d.iso.mdy) ?? (first ? d.iso.mdy : d.iso.dmy)) : null;
  };
  const same = pick(cell.text.slice(label.end));
  if (same) return same;
  const next = line.cells[label.cell + 1];
  if (next && next.x0 - cell.x1 < line.size * NEXT_CELL_GAP) {
    const d = pick(next.text);
    if (d) return d;
  }
  // Label above the value (a header row): the next lines' cell overlapping the label horizontally.
  for (let i = label.line + 1; i <= label.line + 2 && i < lines.length; i++) {
    const below = lines[i]!;
    if (below.page !== line.page || below.y - line.y > line.size * 5) break;
    const under = below.cells.find((c) => c.x0 < cell.x1 + 2 && c.x1 > cell.x0 - 2);
    if (under) {
      const d = pick(under.text);
      if (d) return d;
    }
  }
  return null;
}

/** Collection and result (report) dates as ISO `YYYY-MM-DD`, or null when not printed. */
export function findReportDates(
  lines: readonly LayoutLine[],
  options: { fallbackDayFirst: boolean },
): { collection_date: string | null; result_date: string | null } {
  const datesIn = (first: boolean) => {
    const find = (re: RegExp) => {
      for (const label of findLabels(lines, re)) {
        const d = dateFor(lines, label, first);
        if (d) return d;
      }
      return null;
    };
    return { collection_date: find(COLLECTION_RE), result_date: find(RESULT_RE) };
  };
  const evidence = dateOrderEvidence(lines);
  if (evidence !== null) return datesIn(evidence);
  // Nothing in the document says which order its dates are in (`03/02/2026`, `03/03/2026`): the
  // usual order, unless only the other puts the report within a fortnight after its collection.
  const usual = datesIn(options.fallbackDayFirst);
  const other = datesIn(!options.fallbackDayFirst);
  const otherDelay = reportDelayDays(other);
  return otherDelay <= PLAUSIBLE_REPORT_DELAY_DAYS && otherDelay < reportDelayDays(usual) ? other : usual;
}

/** Most reports follow their collection within days; a fortnight leaves room for cultures. */
const PLAUSIBLE_REPORT_DELAY_DAYS = 14;

/** Days from collection to report; Infinity when one is missing or the report comes first. */
function reportDelayDays(dates: { collection_date: string | null; result_date: string | null }): number {
  if (!dates.collection_date || !dates.result_date) return Number.POSITIVE_INFINITY;
  const days = (Date.parse(dates.result_date) - Date.parse(dates.collection_date)) / 86_400_000;
  return days >= 0 ? days : Number.POSITIVE_INFINITY;
}
