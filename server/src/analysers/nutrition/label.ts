/**
 * Reads a nutrition-facts label from OCR'd lines: EU tables ("Energy 1580 kJ / 374 kcal", columns
 * "per 100 g" and "per serving (30 g)") and US panels ("Serving size 1 cup (228g)", "Calories 250",
 * "Total Fat 12g 15%"). Daily-value percentages are skipped. Figures are placed in columns by their
 * position under the column headings; each figure's possible readings (`label-readings.ts`) are
 * chosen among with the label's redundancy (`label-choice.ts`); kJ and kcal are checked against each
 * other (4.184 kJ per kcal) and, when they disagree, against the macronutrients (Atwater factors).
 */
import type { LayoutCell, LayoutLine } from '../layout/types.ts';
import { KJ_PER_KCAL, type NutrientField, type Nutrients } from './fields.ts';
import { chooseReadings, columnsAgree, kcalOf, type LabelCell } from './label-choice.ts';
import { findColumns, placeInColumns } from './label-columns.ts';
import { massReadings, type RawAmount } from './label-readings.ts';
import type { RecognisedLabel } from './types.ts';

/** Label words → field, tried in order (the first that matches a line wins). */
const ROWS: [RegExp, NutrientField | 'energy'][] = [
  [/\b(energy|energie|calories|kcal|kj)\b/i, 'energy'],
  [/\bsaturat|\bsat\.? fat/i, 'fat_saturated_g'],
  [/\btrans\b/i, 'fat_trans_g'],
  [/\bmono-?unsaturat/i, 'fat_monounsaturated_g'],
  [/\bpoly-?unsaturat/i, 'fat_polyunsaturated_g'],
  [/\bcholesterol/i, 'cholesterol_mg'],
  [/\bfat\b/i, 'fat_total_g'],
  [/\bsodium\b/i, 'sodium_mg'],
  [/\bsalt\b/i, 'salt_g'],
  [/\bsugars?\b/i, 'sugars_total_g'],
  [/\bfib(re|er)\b/i, 'fiber_total_dietary_g'],
  [/\bcarbohydrate|\bcarbs?\b/i, 'carbohydrate_g'],
  [/\bprotein/i, 'protein_g'],
  [/\bpotassium\b/i, 'potassium_mg'],
  [/\bcalcium\b/i, 'calcium_mg'],
  [/\biron\b/i, 'iron_mg'],
];

const lineText = (line: LayoutLine) => line.cells.map((c) => c.text).join('  ');

/** OCR's takes on kJ and kcal ("kl", "k J", "kca1") as the units themselves. */
const energyUnits = (text: string) =>
  text.replace(/\bk\s*[jJlI1]\b/g, 'kJ').replace(/\bk\s*ca[lI1]\b/gi, 'kcal');

/** Energy figures per column; `unknown` holds figures whose unit OCR garbled ("Energy (Kk ) 180"). */
interface EnergyFigures {
  kj: (number | undefined)[];
  kcal: (number | undefined)[];
  unknown: [number, number][];
}

const withEnergyUnits = (line: LayoutLine): LayoutLine => ({
  ...line,
  cells: line.cells.map((c) => ({ ...c, text: energyUnits(c.text) })),
});

/** Reads an energy row (and its continuation line) into `energy`; whether it held a figure. */
function readEnergy(
  line: LayoutLine,
  next: LayoutLine | undefined,
  place: (line: LayoutLine) => [number, LayoutCell, RawAmount][],
  energy: EnergyFigures,
): boolean {
  const text = energyUnits(lineText(line));
  const figures = place(withEnergyUnits(line));
  // "Energy 1580 kJ 474 kJ" with the kcal on the next line.
  if (next && /kcal|kj/i.test(energyUnits(lineText(next))) && !ROWS.some(([p]) => p.test(nextLabel(next)))) {
    figures.push(...place(withEnergyUnits(next)));
  }
  // "Energy (kJ) 180", "Energy (kcal) 43", "Calories 250": the unit is in the row's label, before the
  // first figure (a unit after a figure is that figure's own).
  const name = text.split(/\d/)[0] ?? '';
  const tag = /\bkj\b/i.test(name) ? 'kj' : /kcal|calories/i.test(name) ? 'kcal' : null;
  let found = false;
  for (const [column, , amount] of figures) {
    const value = Number(amount.digits);
    const unit = amount.unit === 'cal' ? 'kcal' : amount.unit || tag;
    if (unit === 'kj' || unit === 'kcal') energy[unit][column] ??= value;
    else if (unit === null) energy.unknown.push([column, value]);
    else continue;
    found = true;
  }
  return found;
}

/**
 * Gives garbled energy figures their unit from the column's other energy figure: of two, the one
 * 4.184 times the other is kJ. One that fits neither is left out, with a warning.
 */
function resolveEnergyUnits(energy: EnergyFigures, warnings: string[]): void {
  const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(5, 0.03 * a);
  for (const [column, value] of energy.unknown) {
    const kj = energy.kj[column];
    const kcal = energy.kcal[column];
    const other = energy.unknown.find(([c, v]) => c === column && v !== value)?.[1];
    if (kj === undefined && kcal !== undefined && near(value, kcal * KJ_PER_KCAL)) energy.kj[column] = value;
    else if (kcal === undefined && kj !== undefined && near(kj, value * KJ_PER_KCAL))
      energy.kcal[column] = value;
    else if (
      kj === undefined &&
      kcal === undefined &&
      other !== undefined &&
      near(Math.max(value, other), Math.min(value, other) * KJ_PER_KCAL)
    ) {
      energy.kj[column] = Math.max(value, other);
      energy.kcal[column] = Math.min(value, other);
    } else if (energy.kj[column] === undefined || energy.kcal[column] === undefined) {
      warnings.push(`energy figure ${value} has no readable unit (kJ or kcal); left out`);
    }
  }
}

const nextLabel = (line: LayoutLine) => lineText(line).replace(/kcal|kj/gi, '');

/** Reads a label from layout lines; `null` when the lines are not a nutrition label. */
export function parseLabel(lines: readonly LayoutLine[]): RecognisedLabel | null {
  const texts = lines.map(lineText);
  const frame = findColumns(lines);
  const count = frame.columnNames.length;
  const place = (line: LayoutLine) => placeInColumns(line, frame.anchors, count);
  const energy: EnergyFigures = { kj: [], kcal: [], unknown: [] };
  const cells: LabelCell[] = [];
  const found = new Set<string>();
  lines.forEach((line, i) => {
    const text = texts[i] ?? '';
    if (/serving size|servings per|per 100|daily value|% dv/i.test(text) && !/\d\s*(kj|kcal)/i.test(text))
      return;
    const row = ROWS.find(([pattern]) => pattern.test(text));
    if (!row) return;
    const [, field] = row;
    // "Includes 10g Added Sugars" is part of the total sugars, not the total.
    if (/added sugars|\bincludes\b/i.test(text)) return;
    if (field === 'energy') {
      if (readEnergy(line, lines[i + 1], place, energy)) found.add('energy');
      return;
    }
    if (found.has(field)) return;
    // "Sodium (mg) 470": the unit in brackets is the row's.
    const rowUnit = /\((m?g)\)/i.exec(text)?.[1]?.toLowerCase() ?? null;
    const stripped = {
      ...line,
      cells: line.cells.map((c) => ({ ...c, text: c.text.replace(/\(.*?\)/g, ' ') })),
    };
    const figures = place(stripped).filter(([, , a]) => a.unit !== 'kj' && a.unit !== 'kcal');
    if (figures.length === 0) return;
    for (const [column, , amount] of figures) {
      if (cells.some((c) => c.field === field && c.column === column)) continue;
      cells.push({ field, column, text: amount.text, readings: massReadings(field, amount, rowUnit) });
    }
    found.add(field);
  });
  const looksLikeLabel = found.has('energy') || frame.per100 >= 0 || texts.some((t) => /nutrition/i.test(t));
  if (!looksLikeLabel || found.size < 4) return null;

  const warnings: string[] = [];
  resolveEnergyUnits(energy, warnings);
  const energyKcal = frame.columnNames.map((_, c) => energyForChecks(energy.kj[c], energy.kcal[c]));
  const carbsIncludeFibre = frame.per100 < 0 || texts.some((t) => /total carbohydrate|dietary fib/i.test(t));
  const chosen = chooseReadings(cells, { ...frame, carbsIncludeFibre, energyKcal });
  warnings.push(...chosen.warnings);
  const values = chosen.values;
  values.forEach((column, c) => {
    const reconciled = reconcileEnergy(energy.kj[c], energy.kcal[c], column, warnings);
    if (reconciled) {
      column.energy_kj = reconciled.kj;
      column.energy_kcal = reconciled.kcal;
    }
    if (column.salt_g !== undefined && column.sodium_mg === undefined)
      column.sodium_mg = (column.salt_g * 1000) / 2.5;
  });
  const per100g = frame.per100 >= 0 ? (values[frame.per100] ?? null) : null;
  const perServing = frame.perServing >= 0 ? (values[frame.perServing] ?? null) : null;
  const usable = (v: Nutrients | null) => (v && Object.keys(v).length > 2 ? v : null);
  const result: RecognisedLabel = {
    kind: 'label',
    source: 'label',
    per100g: usable(per100g),
    perServing: usable(perServing),
    servingGrams: frame.servingGrams,
    unit: frame.unit,
    warnings,
  };
  checkColumns(result);
  return result;
}

/** The energy the Atwater check compares against: only a figure the label does not contradict. */
function energyForChecks(kj: number | undefined, kcal: number | undefined): number | undefined {
  if (kj !== undefined && kcal !== undefined && !energiesAgree(kj, kcal)) return undefined;
  return kcalOf(kcal, kj);
}

const energiesAgree = (kj: number, kcal: number) =>
  Math.abs(kj - kcal * KJ_PER_KCAL) <= Math.max(5, 0.03 * kj);

/** Energy in kJ and kcal of one column, reconciled; a warning when they disagree. */
function reconcileEnergy(
  kj: number | undefined,
  kcal: number | undefined,
  values: Nutrients,
  warnings: string[],
) {
  if (kj !== undefined && kcal !== undefined) {
    if (energiesAgree(kj, kcal)) return { kj, kcal };
    const atwater =
      4 * (values.protein_g ?? 0) +
      4 * (values.carbohydrate_g ?? 0) +
      9 * (values.fat_total_g ?? 0) +
      2 * (values.fiber_total_dietary_g ?? 0);
    const trustKcal = Math.abs(kcal - atwater) <= Math.abs(kj / KJ_PER_KCAL - atwater);
    warnings.push(
      `the label's ${kj} kJ and ${kcal} kcal disagree; ${trustKcal ? 'kcal' : 'kJ'} kept (closer to the macronutrients)`,
    );
    return trustKcal ? { kj: kcal * KJ_PER_KCAL, kcal } : { kj, kcal: kj / KJ_PER_KCAL };
  }
  if (kj !== undefined) return { kj, kcal: kj / KJ_PER_KCAL };
  if (kcal !== undefined) return { kj: kcal * KJ_PER_KCAL, kcal };
  return null;
}

/** Per-serving figures should be the per-100 figures scaled by the serving; say so when not. */
function checkColumns(label: RecognisedLabel): void {
  const { per100g, perServing, servingGrams } = label;
  if (!per100g || !perServing || !servingGrams) return;
  const off: string[] = [];
  for (const [field, value] of Object.entries(per100g) as [NutrientField, number][]) {
    const serving = perServing[field];
    if (serving === undefined || field === 'sodium_mg') continue;
    // Labels round each figure (energy to 1 kJ/kcal, grams to 0.1 g or 1 g), so allow for that.
    const step = field.startsWith('energy_') ? 1 : value < 10 ? 0.1 : 1;
    const servingStep = field.startsWith('energy_') ? 1 : serving < 10 ? 0.1 : 1;
    const a = { value, cost: 0, step, conventional: true, repaired: false };
    const b = { value: serving, cost: 0, step: servingStep, conventional: true, repaired: false };
    if (!columnsAgree(a, b, servingGrams)) off.push(field);
  }
  if (off.length > 0) {
    label.warnings.push(
      `per-serving ${off.join(', ')} do not match per 100 ${label.unit} × ${servingGrams} ${label.unit}`,
    );
  }
}
