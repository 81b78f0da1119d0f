/**
 * Chooses one reading per OCR'd label figure with the label's own redundancy: the per-serving column
 * is the per-100 column scaled by the serving, the macronutrients add up to the printed energy
 * (Atwater: 4 kcal/g protein and carbohydrate, 9 fat, 2 fibre), a part never exceeds its whole
 * (saturates ≤ fat, sugars ≤ carbohydrate), nothing weighs more than its column (100 g, the serving),
 * salt is 2.5 × sodium. A figure whose repair no check confirms, or that no reading makes consistent,
 * is left out with a warning: a missing figure is better than an invented one.
 */
import { KJ_PER_KCAL, type NutrientField, type Nutrients } from './fields.ts';
import type { Reading } from './label-readings.ts';

/** One figure of the label: a field in a column, with its candidate readings (cheapest first). */
export interface LabelCell {
  field: NutrientField;
  column: number;
  /** The OCR text, for warnings. */
  text: string;
  readings: Reading[];
}

/** What the checks need to know about the label's columns. */
export interface LabelFrame {
  /** Index of the per-100 g/ml column, or -1. */
  per100: number;
  /** Index of the per-serving column, or -1. */
  perServing: number;
  servingGrams: number | null;
  /** US panels count fibre inside total carbohydrate; EU tables do not. */
  carbsIncludeFibre: boolean;
  /** Printed energy per column, in kcal (from kcal or kJ), when read. */
  energyKcal: (number | undefined)[];
  /** Names of the columns for warnings ("per 100 g", "per serving"). */
  columnNames: string[];
}

/** Penalty of one failed check, against reading costs of 0.5–2.5: checks outweigh priors. */
const VIOLATION = 5;
const PARENT: Partial<Record<NutrientField, NutrientField>> = {
  fat_saturated_g: 'fat_total_g',
  fat_trans_g: 'fat_total_g',
  fat_monounsaturated_g: 'fat_total_g',
  fat_polyunsaturated_g: 'fat_total_g',
  sugars_total_g: 'carbohydrate_g',
};
const MACROS: NutrientField[] = ['fat_total_g', 'carbohydrate_g', 'protein_g', 'fiber_total_dietary_g'];
const BULK: NutrientField[] = [...MACROS, 'salt_g'];

type Choice = (Reading | undefined)[];

/** How much a column can weigh, in g: 100 per 100 g (a little more per 100 ml), the serving. */
function capacity(frame: LabelFrame, column: number): number | null {
  if (column === frame.per100) return 100;
  return frame.servingGrams;
}

/** The checks a choice fails, each naming the cells it involves, and how far the checks that compare are off. */
function failures(
  cells: readonly LabelCell[],
  choice: Choice,
  frame: LabelFrame,
): { failed: number[][]; misfit: number } {
  let misfit = 0;
  const at = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (choice[i]) at.set(`${cell.field}@${cell.column}`, i);
  });
  const get = (field: NutrientField, column: number) => {
    const i = at.get(`${field}@${column}`);
    return i === undefined ? undefined : { i, r: choice[i]! };
  };
  const failed: number[][] = [];
  const columns = [...new Set(cells.map((c) => c.column))];
  for (const column of columns) {
    for (const [child, parent] of Object.entries(PARENT) as [NutrientField, NutrientField][]) {
      const c = get(child, column);
      const p = get(parent, column);
      if (c && p && c.r.value > p.r.value + Math.max(c.r.step, p.r.step) / 2) failed.push([c.i, p.i]);
    }
    const cap = capacity(frame, column);
    const bulk = BULK.filter((f) => !(frame.carbsIncludeFibre && f === 'fiber_total_dietary_g'))
      .map((f) => get(f, column))
      .filter((x) => x !== undefined);
    const total = bulk.reduce((n, x) => n + x.r.value, 0);
    if (cap !== null && bulk.length > 0 && total > cap * 1.02 + 0.5) failed.push(bulk.map((x) => x.i));
    const kcal = frame.energyKcal[column];
    const [fat, carbs, protein, fibre] = MACROS.map((f) => get(f, column));
    if (kcal !== undefined && fat && carbs && protein) {
      const fib = fibre?.r.value ?? 0;
      const digestible = frame.carbsIncludeFibre ? Math.max(0, carbs.r.value - fib) : carbs.r.value;
      const atwater = 9 * fat.r.value + 4 * protein.r.value + 4 * digestible + 2 * fib;
      misfit += Math.min(1, Math.abs(atwater - kcal) / Math.max(kcal, 1));
      if (Math.abs(atwater - kcal) > Math.max(10, 0.1 * kcal)) {
        failed.push([fat.i, carbs.i, protein.i, ...(fibre ? [fibre.i] : [])]);
      }
    }
    const salt = get('salt_g', column);
    const sodium = get('sodium_mg', column);
    if (salt && sodium) {
      const expected = (sodium.r.value * 2.5) / 1000;
      if (Math.abs(salt.r.value - expected) > 0.1 * expected + salt.r.step / 2 + (sodium.r.step * 2.5) / 2000)
        failed.push([salt.i, sodium.i]);
    }
  }
  const serving = frame.servingGrams;
  if (frame.per100 >= 0 && frame.perServing >= 0 && serving) {
    for (const cell of cells) {
      if (cell.column !== frame.per100) continue;
      const a = get(cell.field, frame.per100);
      const b = get(cell.field, frame.perServing);
      if (!a || !b) continue;
      const expected = (a.r.value * serving) / 100;
      misfit += Math.min(1, Math.abs(b.r.value - expected) / Math.max(expected, b.r.step));
      if (!columnsAgree(a.r, b.r, serving)) failed.push([a.i, b.i]);
    }
  }
  return { failed, misfit };
}

/** Per serving = per 100 × serving / 100, within what rounding both figures allows. */
export function columnsAgree(per100: Reading, perServing: Reading, servingGrams: number): boolean {
  const expected = (per100.value * servingGrams) / 100;
  const slack = ((per100.step / 2) * servingGrams) / 100 + perServing.step / 2 + 0.03 * expected + 1e-9;
  return Math.abs(perServing.value - expected) <= slack;
}

/** Weight of how far the comparing checks are off: decides between readings that pass them equally. */
const MISFIT = 2;

function objective(cells: readonly LabelCell[], choice: Choice, frame: LabelFrame): number {
  const { failed, misfit } = failures(cells, choice, frame);
  return choice.reduce((n, r) => n + (r?.cost ?? 0), 0) + VIOLATION * failed.length + MISFIT * misfit;
}

/** Readings that fit what a column can hold at all. */
function plausible(cell: LabelCell, frame: LabelFrame): Reading[] {
  const cap = capacity(frame, cell.column);
  return cell.readings.filter((r) => {
    const grams = cell.field.endsWith('_mg') ? r.value / 1000 : r.value;
    return r.value >= 0 && (cap === null ? grams <= 1000 : grams <= cap * 1.02 + 0.5);
  });
}

/** Groups of cells whose readings are tried together: one field's columns, one column's macronutrients. */
function moveGroups(cells: readonly LabelCell[]): number[][] {
  const groups: number[][] = cells.map((_, i) => [i]);
  const byField = new Map<string, number[]>();
  const byColumn = new Map<number, number[]>();
  cells.forEach((cell, i) => {
    byField.set(cell.field, [...(byField.get(cell.field) ?? []), i]);
    if (MACROS.includes(cell.field)) byColumn.set(cell.column, [...(byColumn.get(cell.column) ?? []), i]);
  });
  for (const group of [...byField.values(), ...byColumn.values()]) if (group.length > 1) groups.push(group);
  return groups;
}

/** Every combination of the options of a group's cells. */
function* combinations(options: Reading[][], group: number[], prefix: Reading[] = []): Generator<Reading[]> {
  if (prefix.length === group.length) {
    yield prefix;
    return;
  }
  for (const r of options[group[prefix.length]!]!) yield* combinations(options, group, [...prefix, r]);
}

/**
 * The readings that best fit the label: from the cheapest readings, groups of cells are re-read while
 * that lowers repair cost plus failed checks. Then each figure is kept only when it is as printed and
 * consistent, or when it is the one consistent reading of its text (the one that also follows label
 * rounding, if several do); otherwise it is left out with a warning.
 */
export function chooseReadings(
  cells: readonly LabelCell[],
  frame: LabelFrame,
): { values: Nutrients[]; warnings: string[] } {
  const options = cells.map((cell) => plausible(cell, frame));
  const choice: Choice = options.map((o) => o[0]);
  const groups = moveGroups(cells);
  let best = objective(cells, choice, frame);
  for (let pass = 0, improved = true; improved && pass < 8; pass++) {
    improved = false;
    for (const group of groups) {
      for (const combo of combinations(options, group)) {
        const trial = [...choice];
        group.forEach((i, k) => {
          trial[i] = combo[k];
        });
        const score = objective(cells, trial, frame);
        if (score < best - 1e-9) {
          best = score;
          group.forEach((i, k) => {
            choice[i] = combo[k];
          });
          improved = true;
        }
      }
    }
  }
  const warnings: string[] = [];
  const kept = accept(cells, options, choice, frame, warnings);
  const values: Nutrients[] = frame.columnNames.map(() => ({}));
  cells.forEach((cell, i) => {
    const reading = kept[i];
    const column = values[cell.column];
    if (reading && column) column[cell.field] = reading.value;
  });
  return { values, warnings };
}

/** Which chosen readings are kept (see {@link chooseReadings}), warning for each figure left out. */
function accept(
  cells: readonly LabelCell[],
  options: Reading[][],
  choice: Choice,
  frame: LabelFrame,
  warnings: string[],
): Choice {
  const fails = (trial: Choice, i: number) => failures(cells, trial, frame).failed.some((f) => f.includes(i));
  const kept = [...choice];
  cells.forEach((cell, i) => {
    const chosen = choice[i];
    const where = `${cell.field} ${frame.columnNames[cell.column] ?? ''}`.trim();
    if (!chosen) {
      warnings.push(`${where}: "${cell.text}" is no possible figure; left out`);
      return;
    }
    const consistent = options[i]!.filter((r) => {
      const trial = [...choice];
      trial[i] = r;
      return !fails(trial, i);
    });
    if (!consistent.includes(chosen)) {
      // As printed, a disagreement is the label's own (reported by the column check); a repair is not.
      if (chosen.cost === 0) return;
      kept[i] = undefined;
      warnings.push(`${where}: no reading of "${cell.text}" agrees with the rest of the label; left out`);
      return;
    }
    if (chosen.repaired && !chosen.conventional) {
      // A repair that lands on a figure no label would print ("2949" → 2.94) is not trusted.
      kept[i] = undefined;
      warnings.push(`${where}: "${cell.text}" has no reading a label would print that agrees; left out`);
      return;
    }
    if (chosen.cost === 0 || consistent.length === 1) return;
    const conventional = consistent.filter((r) => r.conventional);
    if (chosen.conventional && conventional.length === 1) return;
    kept[i] = undefined;
    const shown = conventional.length > 1 ? conventional : consistent;
    const alternatives = [...new Set(shown.map((r) => round(r.value)))].join(' or ');
    warnings.push(`${where}: "${cell.text}" could be ${alternatives}; left out`);
  });
  return kept;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Energy in kcal from what a column prints: kcal, else kJ converted. */
export const kcalOf = (kcal: number | undefined, kj: number | undefined) =>
  kcal ?? (kj === undefined ? undefined : kj / KJ_PER_KCAL);
