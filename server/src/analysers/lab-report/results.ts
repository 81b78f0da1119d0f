import { type LoincMatch, type MatchContext, matchLoinc, NAME_WORDS } from './loinc/match.ts';
import { panelFor } from './loinc/panels.ts';
import { correctOcrWords, ocrVocabulary } from './ocr-words.ts';
import { parseRange, pickSexSpecific, withinRange } from './ranges.ts';
import type { ParsedRow } from './row.ts';
import type { RawSection } from './sections.ts';
import type { LabResult, LabSection } from './types.ts';
import { resolveOcrUnit } from './units/ocr-unit.ts';
import { convertValue, toUcum, unitClassOf } from './units/ucum.ts';

/** Document-wide facts the row mapping needs. */
export interface DocumentFacts {
  decimalComma: boolean;
  sex: 'M' | 'F' | null;
  /** Whether any row of the document prints a flag (so a missing flag means "normal"). */
  usesFlags: boolean;
}

const META_NAME_RE =
  /^(age|dob|date|time|sex|gender|patient|name|id|mrn|uhid|reg|registration|phone|tel|fax|page|account|accession|specimen|sample|collected|received|reported|report|doctor|physician|referred|ward|bed|lab|ph\.?\s*no|mobile|pin|zip|barcode|order)\b/i;

const OCR_NAME_WORDS = ocrVocabulary(NAME_WORDS);

/**
 * The row's LOINC term. A name OCR misspelt (`Fermitine`, `Hamsaure` for `Harnsäure`) that maps
 * to nothing is tried again with its words replaced by the nearest known name words; a name that
 * maps as read is never changed.
 */
function matchRow(row: ParsedRow, section: string | null): LoincMatch | null {
  const ucum = toUcum(row.unit);
  const unitClass = row.unit === null ? null : ucum === null ? undefined : unitClassOf(ucum);
  return matchName(row, { unitClass, sectionName: section });
}

function matchName(row: ParsedRow, context: MatchContext): LoincMatch | null {
  const match = matchLoinc(row.name, context);
  if (match || row.confidence >= 1) return match;
  const corrected = correctOcrWords(row.name, OCR_NAME_WORDS);
  if (corrected === row.name) return null;
  const repaired = matchLoinc(corrected, context);
  return repaired && { ...repaired, quality: repaired.quality * 0.9 };
}

/**
 * A footnote marker (`¹`, `²`, `³`) OCR read as a digit glued to the name (`Urée2`, `Vitamine
 * B122` for `Vitamine B12²`): on an OCR row whose name maps to no test, the row named without its
 * last digit when that name maps to one. Otherwise the row as it is; text layers never change.
 */
export function withoutFootnoteDigit(row: ParsedRow, section: string | null): ParsedRow {
  if (row.confidence >= 1 || !/[\p{L}\d][123]$/u.test(row.name) || matchRow(row, section)) return row;
  const shorter = { ...row, name: row.name.slice(0, -1) };
  return matchRow(shorter, section) ? shorter : row;
}

/**
 * Decides whether a parsed row is a lab result: a name that maps to a curated test, or a numeric
 * value with a recognised unit or a printed interval. Labels such as `Age` or `Page` never are.
 */
export function isResultRow(parsed: ParsedRow, section: string | null): boolean {
  const row = withoutFootnoteDigit(parsed, section);
  if (META_NAME_RE.test(row.name)) return false;
  if (matchRow(row, section)) return row.valueKind !== 'text' || !row.inline;
  if (row.name.replace(/[^A-Za-z]/g, '').length < 3) return false;
  const numeric = row.valueKind === 'number' || row.valueKind === 'comparator';
  return numeric && (toUcum(row.unit) !== null || (row.range !== null && parseRange(row.range) !== null));
}

/** Whether a longer name (a wrapped second line) identifies the row's test where the short one did not. */
export function nameContinues(row: ParsedRow, longerName: string, section: string | null): boolean {
  const longer = matchRow({ ...row, name: longerName }, section);
  if (!longer) return false;
  const shorter = matchRow(row, section);
  return !shorter || (longer.quality >= shorter.quality && longer.test.code !== shorter.test.code);
}

function evaluate(row: ParsedRow, facts: DocumentFacts): boolean | null {
  const flagged = row.flags.length > 0;
  if (row.range !== null) {
    const printed = pickSexSpecific(row.range, facts.sex) ?? row.range;
    const parsed = parseRange(printed, facts.decimalComma);
    if (parsed) {
      const within = withinRange(row.value, parsed, facts.decimalComma);
      if (within !== null) return flagged ? false : within;
    }
    if (flagged) return false;
    // A range that cannot be compared (qualitative value, sex-specific with unknown sex): a
    // document that flags abnormal rows says "normal" by printing no flag.
    return facts.usesFlags ? true : null;
  }
  // No interval and no flag: nothing says whether the value is normal. (Reading "normal" here for
  // OCR rows of documents that flag and print intervals helped generated reports, where every row
  // prints one, but turned rows printed without an interval in the corpus from null to true.)
  return flagged ? false : null;
}

/**
 * OCR reads the micro sign as `p` (`µmol/L` -> `pmol/L`, `µg/L` -> `pg/L`); both are units, so
 * only the test tells them apart: when the matched term is not one reported in pico units
 * (creatinine, iron, ferritin; unlike free T4 or vitamin B12), the `p` was a `µ`. Text layers
 * are never changed.
 */
function repairMicro(row: ParsedRow, match: LoincMatch | null): string | null {
  const unit = row.unit;
  if (row.confidence >= 1 || unit === null || match === null) return unit;
  const standard = match.test.standardUnit ?? '';
  if (!/^p(g|mol)\//.test(unit) || standard === '' || standard.startsWith('p')) return unit;
  const micro = `µ${unit.slice(1)}`;
  return toUcum(micro) !== null ? micro : unit;
}

/**
 * An OCR row whose unit is missing, unrecognised or of a class its test is never reported in: the
 * unit cell (or a leftover cell) read as
 * the known unit it most plausibly was, among the unit classes of the matched test
 * (`units/ocr-unit.ts`). Returns the row unchanged when nothing resolves; text layers never change.
 */
function resolveUnit(row: ParsedRow, found: LoincMatch | null, section: string | null): ParsedRow {
  if (row.confidence >= 1) return row;
  // A unit of no known class (`1076/uL` is a valid UCUM count of 1076) leaves the test unmatched;
  // the name alone then says which classes to read the unit among.
  const match = found ?? matchName(row, { unitClass: undefined, sectionName: section });
  const ucum = row.unit === null ? null : toUcum(row.unit);
  // A known unit is kept unless the test is never reported in its class (`mg/d` for `mg/dL`).
  const fits = match === null || match.test.units.includes(unitClassOf(ucum) ?? 'other');
  if (ucum !== null && fits) return row;
  const expected = match ? { classes: match.test.units } : null;
  const readings = row.unit !== null ? [row.unit] : row.leftover;
  for (const reading of readings) {
    const resolved = resolveOcrUnit(reading, expected);
    if (resolved !== null)
      return { ...row, unit: resolved, leftover: row.leftover.filter((l) => l !== reading) };
  }
  return row;
}

function toResult(parsed: ParsedRow, section: string | null, facts: DocumentFacts): LabResult {
  let row = withoutFootnoteDigit(parsed, section);
  let match = matchRow(row, section);
  const resolved = resolveUnit(row, match, section);
  if (resolved !== row) {
    row = resolved;
    match = matchRow(row, section) ?? match;
  }
  row = { ...row, unit: repairMicro(row, match) };
  const ucum = toUcum(row.unit);
  let standardValue: number | null = null;
  let standardValueUnit: string | null = null;
  if (typeof row.value === 'number') {
    const target = match?.test.standardUnit ?? null;
    standardValue = ucum && target ? convertValue(row.value, ucum, target, match?.test.mw) : null;
    standardValueUnit = standardValue === null ? null : target;
    if (standardValue === null && (!ucum || !target || ucum === target)) {
      standardValue = row.value;
      // In the printed unit; a printed unit nothing could read leaves the unit unknown.
      standardValueUnit = ucum ?? (row.unit === null ? target : null);
    }
  }
  const unitKnown = row.unit === null || ucum !== null;
  const confidence =
    row.confidence * (match ? match.quality : 0.6) * (unitKnown ? 1 : 0.85) * (row.inline ? 0.95 : 1);
  return {
    loinc_code: match?.test.code ?? null,
    loinc_common_name: match?.test.name ?? null,
    original_test_name: row.name,
    original_unit_name: row.unit,
    standard_unit_name: ucum,
    value: row.value,
    within_normal_range: evaluate(row, facts),
    reference_range: row.range,
    flag: row.flags[0] ?? null,
    standard_value: standardValue,
    standard_value_unit: standardValueUnit,
    confidence: Math.round(confidence * 100) / 100,
  };
}

/** Maps raw sections to the output shape: LOINC terms, UCUM units, ranges, panel codes. */
export function buildSections(raw: readonly RawSection[], facts: DocumentFacts): LabSection[] {
  return raw.map((section) => {
    const results = section.rows.map((row) => toResult(row, section.name, facts));
    const panel =
      section.name === null
        ? null
        : panelFor(
            section.name,
            results.map((r) => r.loinc_code),
          );
    return {
      loinc_code: panel?.code ?? null,
      loinc_common_name: panel?.name ?? null,
      original_section_name: section.name,
      results,
    };
  });
}
