/**
 * Candidate readings of one OCR'd label figure. OCR misreads label figures in a few systematic ways:
 * the unit "g" comes back as "9", "¢" or "q" ("3.4g" → "3.49", "12g" → "129g"), a decimal point is
 * lost ("9.5 g" → "95 g"), a zero is read as the letter O. Unambiguous character slips are repaired
 * outright; slips that change the digits yield several readings, each with a cost (how much repair it
 * assumes), for `label-choice.ts` to choose among with the label's own redundancy.
 */
import type { NutrientField } from './fields.ts';

/** One way of reading a printed figure, in the field's unit. */
export interface Reading {
  value: number;
  /** How much repair the reading assumes: 0 for the text as printed (with its unit), more per slip. */
  cost: number;
  /** The printed precision in the field's unit (0.1 for "3.4 g"), for rounding-aware comparisons. */
  step: number;
  /** Whether the reading follows the usual label rounding rules (see {@link fitsLabelRounding}). */
  conventional: boolean;
  /** Whether the reading changes the printed digits (a 9 taken for g, a decimal point put back). */
  repaired: boolean;
}

/** A figure as found in a cell: digits and the unit text next to them (empty when none). */
export interface RawAmount {
  digits: string;
  unit: string;
  /** The text the figure was read from, for warnings. */
  text: string;
}

/** Cost of a reading that takes a trailing 9 for the unit g. */
const G_AS_NINE = 0.75;
/** Cost of a reading that puts back a lost decimal point. */
const LOST_POINT = 1;
/** Cost of a unitless figure in a row whose unit is not given elsewhere. */
const NO_UNIT = 0.5;
/** Cost of a reading that breaks the usual rounding of labels (a tie-breaker, never decisive alone). */
const UNCONVENTIONAL = 0.5;

/**
 * Repairs OCR slips that have only one reading: "¢", "©" or "q" after digits is the unit g ("95¢",
 * "0.45¢g"), a letter O beside digits or alone before a unit is a zero ("Og", "O.5 g"), l or I between
 * digits a one and S a five ("1l.5", "1S80"), and a 9 standing alone before a g ("10.6 9g") is the g
 * read twice.
 */
export function repairUnambiguous(text: string): string {
  return text
    .replace(/(?<=\d[.,]?)[lI](?=[.,]?\d)/g, '1')
    .replace(/(?<=\d)S(?=\d)/g, '5')
    .replace(/(\d)\s*[¢©]\s*g?/g, '$1 g')
    .replace(/(\d)\s*q\b/g, '$1 g')
    .replace(/(^|[\s|(<])[Oo](?=[.,]\d|\s*(g|mg|kj|kcal)?\b)/g, '$10')
    .replace(/(\d[.,]?)[Oo]\b/g, '$10')
    .replace(/(\d)\s+9\s*g\b/g, '$1 g');
}

/** The figures in a cell's text, skipping percentages: "1580 kJ / 374 kcal" → 1580 kJ, 374 kcal. */
export function rawAmounts(text: string): RawAmount[] {
  const out: RawAmount[] = [];
  const pattern = /(?:<\s*)?(\d+(?:[.,]\d+)?)\s*(kj|kcal|cal|mg|mcg|µg|g|ml|%)?(?![a-z])/gi;
  for (const m of repairUnambiguous(text).matchAll(pattern)) {
    const unit = (m[2] ?? '').toLowerCase();
    if (unit === '%') continue;
    out.push({ digits: (m[1] ?? '').replace(',', '.'), unit, text: m[0].trim() });
  }
  return out;
}

const decimalsOf = (digits: string) => (digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0);

/**
 * Whether a figure follows the rounding labels usually print (EU guidance on tolerances, 2012; US
 * 21 CFR 101.9): grams of a macronutrient as whole numbers from 10 g and to 0.1 g below; salt and
 * sodium in grams to 0.1 g from 1 g and to 0.01 g below; milligrams whole from 10 mg.
 */
export function fitsLabelRounding(
  field: NutrientField,
  value: number,
  unit: string,
  decimals: number,
): boolean {
  if (unit === 'mg') return decimals <= (value < 10 ? 1 : 0);
  if (field === 'salt_g' || field === 'sodium_mg')
    return decimals <= (value < 1 ? (field === 'salt_g' ? 2 : 3) : 1);
  return decimals <= (value < 10 ? 1 : 0);
}

/** The figure with a decimal point put back before its last one or two digits ("95" → 9.5, 0.95). */
function withPointRestored(digits: string): string[] {
  if (digits.includes('.') || digits.length < 2) return [];
  const out = [`${digits.slice(0, -1)}.${digits.slice(-1)}`];
  if (digits.length >= 3 || digits.startsWith('0')) out.push(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
  return out.filter((d) => !/^0\d/.test(d));
}

/**
 * The readings of a figure in a mass row (g or mg fields), cheapest first. `rowUnit` is the unit the
 * row or column names ("Sodium (mg)"), used when the figure carries none.
 */
export function massReadings(field: NutrientField, amount: RawAmount, rowUnit: string | null): Reading[] {
  const fieldUnit = field.endsWith('_mg') ? 'mg' : 'g';
  const candidates: { digits: string; unit: string; cost: number; repaired: boolean }[] = [];
  const given = amount.unit || rowUnit || '';
  candidates.push({
    digits: amount.digits,
    unit: given || fieldUnit,
    cost: given ? 0 : NO_UNIT,
    repaired: false,
  });
  // "3.49" (no unit) or "129g" (the g read twice): the last 9 is the unit.
  const dropNine = /^(\d+(?:\.\d+)?)9$/.exec(amount.digits)?.[1];
  const nineIsG = dropNine !== undefined && (amount.unit === '' || amount.unit === 'g') && rowUnit === null;
  if (nineIsG) candidates.push({ digits: dropNine, unit: 'g', cost: G_AS_NINE, repaired: true });
  for (const base of [...candidates]) {
    for (const digits of withPointRestored(base.digits)) {
      candidates.push({ digits, unit: base.unit, cost: base.cost + LOST_POINT, repaired: true });
    }
  }
  const readings = candidates
    .filter((c) => ['g', 'mg', 'mcg', 'µg'].includes(c.unit))
    .map((c): Reading => {
      const printed = Number(c.digits);
      // "3.60" is printed to 0.01 but is the conventional 3.6: rounding is judged on the value.
      const conventional = fitsLabelRounding(field, printed, c.unit, decimalsOf(String(printed)));
      const decimals = decimalsOf(c.digits);
      const factor = toFieldUnit(fieldUnit, c.unit);
      return {
        value: printed * factor,
        cost: c.cost + (conventional ? 0 : UNCONVENTIONAL),
        step: 10 ** -decimals * factor,
        conventional,
        repaired: c.repaired,
      };
    });
  return readings.sort((a, b) => a.cost - b.cost);
}

/** Factor from a printed unit to the field's unit (g or mg). */
function toFieldUnit(fieldUnit: 'g' | 'mg', unit: string): number {
  const grams = unit === 'mg' ? 1e-3 : unit === 'mcg' || unit === 'µg' ? 1e-6 : 1;
  return fieldUnit === 'mg' ? grams * 1000 : grams;
}
