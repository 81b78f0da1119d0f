/**
 * The nutrient fields Docket reports, named as seeds 001/004 name them (`energy_kcal`, `protein_g`,
 * …): the unit is the suffix. Every value comes from the food composition table or a printed label.
 */

/** Fields stored in the food table, per 100 g, in this order. */
export const TABLE_FIELDS = [
  'energy_kcal',
  'protein_g',
  'fat_total_g',
  'fat_saturated_g',
  'fat_monounsaturated_g',
  'fat_polyunsaturated_g',
  'fat_trans_g',
  'cholesterol_mg',
  'carbohydrate_g',
  'sugars_total_g',
  'fiber_total_dietary_g',
  'sodium_mg',
  'potassium_mg',
  'calcium_mg',
  'iron_mg',
  'magnesium_mg',
  'zinc_mg',
  'vitamin_c_mg',
  'water_g',
  'alcohol_g',
  'caffeine_mg',
] as const;

export type TableField = (typeof TABLE_FIELDS)[number];

/** A field reported to callers: the table's, plus `energy_kj` (kcal × 4.184) and `salt_g` (sodium × 2.5). */
export type NutrientField = TableField | 'energy_kj' | 'salt_g';

/** Nutrient values by field; a field is absent when the source does not give it (never guessed). */
export type Nutrients = Partial<Record<NutrientField, number>>;

/** Cronometer's name for each table field in `usda_sr24.jar` (units as SR24: g, mg, kcal). */
export const CRONOMETER_NUTRIENTS: Readonly<Record<TableField, string>> = {
  energy_kcal: 'Energy',
  protein_g: 'Protein',
  fat_total_g: 'Fat',
  fat_saturated_g: 'Saturated',
  fat_monounsaturated_g: 'Monounsaturated',
  fat_polyunsaturated_g: 'Polyunsaturated',
  fat_trans_g: 'Trans-Fats',
  cholesterol_mg: 'Cholesterol',
  carbohydrate_g: 'Carbs',
  sugars_total_g: 'Sugars',
  fiber_total_dietary_g: 'Fiber',
  sodium_mg: 'Sodium',
  potassium_mg: 'Potassium',
  calcium_mg: 'Calcium',
  iron_mg: 'Iron',
  magnesium_mg: 'Magnesium',
  zinc_mg: 'Zinc',
  vitamin_c_mg: 'Vitamin C',
  water_g: 'Water',
  alcohol_g: 'Alcohol',
  caffeine_mg: 'Caffeine',
};

export const KJ_PER_KCAL = 4.184;

/** Adds the derived fields (`energy_kj`, `salt_g`) that follow from table fields by definition. */
export function withDerived(values: Nutrients): Nutrients {
  const out: Nutrients = { ...values };
  if (values.energy_kcal !== undefined && out.energy_kj === undefined) {
    out.energy_kj = values.energy_kcal * KJ_PER_KCAL;
  }
  if (values.sodium_mg !== undefined && out.salt_g === undefined)
    out.salt_g = (values.sodium_mg * 2.5) / 1000;
  return out;
}

/** Rounds for output: energy to whole units, sodium-like mg to 1 decimal, grams to 1 decimal (2 under 1 g). */
export function roundNutrients(values: Nutrients): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const digits = field.startsWith('energy_') ? 0 : Math.abs(value) < 1 ? 2 : 1;
    const factor = 10 ** digits;
    out[field] = Math.round(value * factor) / factor;
  }
  return out;
}
