/**
 * Reads a nutrition-facts label from OCR'd lines: EU tables ("Energy 1580 kJ / 374 kcal", columns
 * "per 100 g" and "per serving (30 g)") and US panels ("Serving size 1 cup (228g)", "Calories 250",
 * "Total Fat 12g 15%"). Daily-value percentages are skipped; kJ and kcal are checked against each
 * other (4.184 kJ per kcal) and, when they disagree, against the macronutrients (Atwater factors).
 */
import type { LayoutLine } from '../layout/types.ts';
import { KJ_PER_KCAL, type NutrientField, type Nutrients } from './fields.ts';
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

interface Amount {
  value: number;
  unit: string;
  /** Another reading when OCR may have taken a printed "g" for a 9 ("12g" read "129g"). */
  alt?: number;
}

/**
 * Undoes OCR's usual misreadings on labels: "g" read as "¢", a zero read as "O" ("Og"), and a "g"
 * read as a trailing 9 ("3.4g" → "3.49"), which a bare number with a decimal point gives away.
 */
export function repairOcr(text: string): string {
  return text
    .replace(/(\d)\s*¢/g, '$1 g')
    .replace(/(^|[\s|(])[Oo](?=\s*(g|mg|kj|kcal)?\b)/g, '$10')
    .replace(/\b(\d+\.\d)9(?![\d.%a-z])/gi, '$1 g');
}

/** The amounts in a text, skipping percentages: "1580 kJ / 374 kcal" → [1580 kJ, 374 kcal]. */
export function amounts(text: string): Amount[] {
  const out: Amount[] = [];
  const pattern = /(<\s*)?(\d+(?:[.,]\d+)?)\s*(kj|kcal|cal|mg|mcg|µg|g|ml|%)?(?![a-z])/gi;
  for (const m of repairOcr(text).matchAll(pattern)) {
    const unit = (m[3] ?? '').toLowerCase();
    if (unit === '%') continue;
    const raw = (m[2] ?? '').replace(',', '.');
    const amount: Amount = { value: Number(raw), unit };
    if (unit === 'g' && /^\d+9$/.test(raw)) amount.alt = Number(raw.slice(0, -1));
    out.push(amount);
  }
  return out;
}

const lineText = (line: LayoutLine) => line.cells.map((c) => c.text).join('  ');

interface Columns {
  /** Index of the per-100 column among the value columns, or -1. */
  per100: number;
  perServing: number;
  unit: 'g' | 'ml';
  servingGrams: number | null;
}

function findColumns(lines: readonly string[]): Columns {
  let per100 = -1;
  let perServing = -1;
  let unit: 'g' | 'ml' = 'g';
  let servingGrams: number | null = null;
  for (const text of lines) {
    const lower = text.toLowerCase();
    // OCR reads the l of "ml" as i, 1 or | often enough ("per 100 mi") to accept those too.
    const hundred = /(?:per|pro|\/)?\s*100\s*(g|m[l1i|])(?![a-z0-9])/i.exec(lower);
    const serving = /(?:per|each)\s*(?:serving|portion|pack|bar|biscuit|slice)|serving\s*\(/i.exec(lower);
    if (hundred && !/serving size/.test(lower) && per100 < 0) {
      per100 = serving && serving.index < hundred.index ? 1 : 0;
      if (serving) perServing = per100 === 0 ? 1 : 0;
      unit = hundred[1]?.startsWith('m') ? 'ml' : 'g';
    }
    // "Serving size 1 cup (228g)", "Serving size: 30 g", "per serving (30 g)", "Portion 30 g"
    const size =
      /(?:serving size|per serving|per portion|portion)[^0-9(]*(?:[^()]*\()?\s*(\d+(?:[.,]\d+)?)\s*(g|ml)\b/i.exec(
        text,
      );
    if (size?.[1] && servingGrams === null) servingGrams = Number(size[1].replace(',', '.'));
    // "1 cup (228g)" read as "(2289)": the g taken for a 9 inside the brackets
    const misread = /serving size[^(]*\((\d+)9\)/i.exec(text);
    if (misread?.[1] && servingGrams === null) servingGrams = Number(misread[1]);
  }
  if (per100 < 0) perServing = 0; // a US panel: one column, per serving
  return { per100, perServing, unit, servingGrams };
}

const toField = (field: NutrientField, amount: Amount): number => {
  // Labels print sodium in mg (US) or g; salt in g. Normalise to the field's unit.
  if (field.endsWith('_mg')) return amount.unit === 'g' ? amount.value * 1000 : amount.value;
  return amount.unit === 'mg' ? amount.value / 1000 : amount.value;
};

/** Energy in kJ and kcal of one column, reconciled; a warning when they disagree. */
function reconcileEnergy(
  kj: number | undefined,
  kcal: number | undefined,
  values: Nutrients,
  warnings: string[],
) {
  if (kj !== undefined && kcal !== undefined) {
    const agree = Math.abs(kj - kcal * KJ_PER_KCAL) <= Math.max(5, 0.03 * kj);
    if (agree) return { kj, kcal };
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

/** Reads a label from layout lines; `null` when the lines are not a nutrition label. */
export function parseLabel(lines: readonly LayoutLine[]): RecognisedLabel | null {
  const texts = lines.map(lineText);
  const columns = findColumns(texts);
  const count = Math.max(columns.per100, columns.perServing) + 1;
  const values: Nutrients[] = Array.from({ length: count }, () => ({}));
  const kj: (number | undefined)[] = [];
  const kcal: (number | undefined)[] = [];
  const found = new Set<string>();
  const alternatives: Nutrients[] = [];
  texts.forEach((text, i) => {
    if (/serving size|servings per|per 100|daily value|% dv/i.test(text) && !/\d\s*(kj|kcal)/i.test(text))
      return;
    const row = ROWS.find(([pattern]) => pattern.test(text));
    if (!row) return;
    const [, field] = row;
    // "Includes 10g Added Sugars" is part of the total sugars, not the total.
    if (/added sugars|\bincludes\b/i.test(text)) return;
    const label = text.replace(/\(.*?\)/g, ' ');
    if (field === 'energy') {
      let list = amounts(label);
      // "Energy 1580 kJ 474 kJ" with the kcal on the next line, or "Calories 250" (US).
      const next = texts[i + 1];
      if (next && !ROWS.some(([p]) => p.test(next.replace(/kcal|kj/gi, ''))) && /kcal|kj/i.test(next)) {
        list = list.concat(amounts(next));
      }
      const kjs = list.filter((a) => a.unit === 'kj').map((a) => a.value);
      let kcals = list.filter((a) => a.unit === 'kcal' || a.unit === 'cal').map((a) => a.value);
      if (kcals.length === 0 && kjs.length === 0 && /calories/i.test(text)) {
        kcals = list.filter((a) => a.unit === '').map((a) => a.value);
      }
      if (/\(kj\)|\bkj\b/i.test(text) && kjs.length === 0)
        kjs.push(...list.filter((a) => a.unit === '').map((a) => a.value));
      else if (/\(kcal\)/i.test(text) && kcals.length === 0)
        kcals.push(...list.filter((a) => a.unit === '').map((a) => a.value));
      kjs.slice(0, count).forEach((v, c) => {
        kj[c] ??= v;
      });
      kcals.slice(0, count).forEach((v, c) => {
        kcal[c] ??= v;
      });
      if (kjs.length || kcals.length) found.add('energy');
      return;
    }
    if (found.has(field)) return;
    const list = amounts(label).filter((a) => a.unit !== 'kj' && a.unit !== 'kcal');
    if (list.length === 0) return;
    list.slice(0, count).forEach((amount, c) => {
      const target = values[c];
      if (!target) return;
      target[field] = toField(field, amount);
      if (amount.alt !== undefined) {
        const other = alternatives[c] ?? {};
        other[field] = toField(field, { ...amount, value: amount.alt });
        alternatives[c] = other;
      }
    });
    found.add(field);
  });
  if (!found.has('energy') || found.size < 4) return null;

  const warnings: string[] = [];
  values.forEach((column, c) => {
    resolveAlternatives(column, alternatives[c], kcal[c] ?? (kj[c] ? kj[c] / KJ_PER_KCAL : undefined));
  });
  values.forEach((column, c) => {
    const energy = reconcileEnergy(kj[c], kcal[c], column, warnings);
    if (energy) {
      column.energy_kj = energy.kj;
      column.energy_kcal = energy.kcal;
    }
    if (column.salt_g !== undefined && column.sodium_mg === undefined)
      column.sodium_mg = (column.salt_g * 1000) / 2.5;
  });
  const per100g = columns.per100 >= 0 ? (values[columns.per100] ?? null) : null;
  const perServing = columns.perServing >= 0 ? (values[columns.perServing] ?? null) : null;
  const usable = (v: Nutrients | null) => (v && Object.keys(v).length > 2 ? v : null);
  const result: RecognisedLabel = {
    kind: 'label',
    source: 'label',
    per100g: usable(per100g),
    perServing: usable(perServing),
    servingGrams: columns.servingGrams,
    unit: columns.unit,
    warnings,
  };
  checkColumns(result);
  return result;
}

const PARENT: Partial<Record<NutrientField, NutrientField>> = {
  fat_saturated_g: 'fat_total_g',
  sugars_total_g: 'carbohydrate_g',
};
const MACROS: NutrientField[] = ['fat_total_g', 'carbohydrate_g', 'protein_g'];

/**
 * Chooses between a figure and its OCR alternative ("129g" or "12g"): a part cannot exceed its whole
 * (sugars ≤ carbohydrate), and fat, carbohydrate and protein must add up to the energy (Atwater).
 */
function resolveAlternatives(column: Nutrients, alt: Nutrients | undefined, kcal: number | undefined): void {
  if (!alt) return;
  const macros = MACROS.filter((f) => alt[f] !== undefined);
  if (kcal !== undefined && macros.length > 0) {
    const energy = (v: Nutrients) =>
      4 * (v.protein_g ?? 0) + 4 * (v.carbohydrate_g ?? 0) + 9 * (v.fat_total_g ?? 0);
    let best = { ...column };
    for (let mask = 1; mask < 1 << macros.length; mask++) {
      const trial = { ...column };
      macros.forEach((f, i) => {
        if (mask & (1 << i)) trial[f] = alt[f];
      });
      if (Math.abs(energy(trial) - kcal) < Math.abs(energy(best) - kcal)) best = trial;
    }
    Object.assign(column, best);
  }
  for (const [child, parent] of Object.entries(PARENT) as [NutrientField, NutrientField][]) {
    const whole = column[parent];
    const part = column[child];
    const other = alt[child];
    if (whole !== undefined && part !== undefined && other !== undefined && part > whole && other <= whole) {
      column[child] = other;
    }
  }
}

/** Per-serving figures should be the per-100 figures scaled by the serving; say so when not. */
function checkColumns(label: RecognisedLabel): void {
  const { per100g, perServing, servingGrams } = label;
  if (!per100g || !perServing || !servingGrams) return;
  const off: string[] = [];
  for (const [field, value] of Object.entries(per100g) as [NutrientField, number][]) {
    const serving = perServing[field];
    if (serving === undefined) continue;
    let expected = (value * servingGrams) / 100;
    const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.05 * b, 0.6);
    // A decimal point OCR lost ("9.5 g" read "95 g") shows as a column ten times off: the other column says which.
    if (!close(serving, expected) && value >= 10 && close(serving, expected / 10)) {
      per100g[field] = value / 10;
      expected /= 10;
    } else if (!close(serving, expected) && serving >= 10 && close(serving / 10, expected)) {
      perServing[field] = serving / 10;
      continue;
    }
    // Labels round each figure (to 1 g, 0.1 g or 1 kcal), so allow that much besides 5 %.
    if (!close(serving, expected)) off.push(field);
  }
  if (off.length > 0) {
    label.warnings.push(
      `per-serving ${off.join(', ')} do not match per 100 ${label.unit} × ${servingGrams} ${label.unit}`,
    );
  }
}
