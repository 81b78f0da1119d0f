/** The IFCT 2017 reader on a CSV the test writes in IFCT's layout ("Long name; key" headers, g/100 g). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_FIELDS } from '../src/analysers/nutrition/fields.ts';
import { readIfctRows } from './ifct2017.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ifct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = [
  'Food Code; code',
  'Food Name; name',
  'Food Group; grup',
  'Energy; enerc',
  'Energy; enerc_e',
  'Total Fat; fatce',
  'Saturated Fatty acids; fasat',
  'Protein; protcnt',
  'Carbohydrate; choavldf',
  'Dietary Fiber; fibtg',
  'Free Sugars; fsugar',
  'Sodium (Na); na',
  'Cholesterol; cholc',
];

function csv(rows: string[][]): string {
  const file = path.join(dir, `${rows[0]?.[0] ?? 'x'}.csv`);
  const quote = (cell: string) => `"${cell}"`;
  writeFileSync(file, [COLUMNS, ...rows].map((row) => row.map(quote).join(',')).join('\n'));
  return file;
}

const value = (row: ReturnType<typeof readIfctRows>[number], field: (typeof TABLE_FIELDS)[number]) =>
  row[2][TABLE_FIELDS.indexOf(field)];

describe('IFCT 2017 rows', () => {
  it('converts grams per 100 g to the table units, kJ to kcal, and adds fibre to available carbohydrate', () => {
    // Rows come back sorted by code.
    const [rice, egg] = readIfctRows(
      csv([
        [
          'M001',
          'Egg, poultry, whole, raw',
          'Egg and Egg Products',
          '564',
          '8',
          '9.15',
          '2.958',
          '13.28',
          '0',
          '0',
          '0',
          '0.123',
          '0.366',
        ],
        [
          'A015',
          'Rice, raw, milled',
          'Cereals and Millets',
          '1491',
          '12',
          '0.52',
          '0.184',
          '7.94',
          '78.24',
          '2.81',
          '0.69',
          '0.00234',
          '0',
        ],
      ]),
    );
    if (!egg || !rice) throw new Error('two rows expected');
    expect(egg.slice(0, 2)).toEqual(['M001', 'Egg, poultry, whole, raw']);
    // 564 kJ / 4.184 = 134.8 kcal; sodium 0.123 g = 123 mg; cholesterol 0.366 g = 366 mg
    expect(value(egg, 'energy_kcal')).toBeCloseTo(134.8, 1);
    expect(value(egg, 'sodium_mg')).toBe(123);
    expect(value(egg, 'cholesterol_mg')).toBe(366);
    // IFCT's 0 for cholesterol and sugars means "not analysed" as often as "none": left out
    expect(value(rice, 'cholesterol_mg')).toBeNull();
    expect(value(egg, 'sugars_total_g')).toBeNull();
    expect(value(rice, 'sugars_total_g')).toBe(0.69);
    expect(egg[4]).toBe('01');
    // carbohydrate 78.24 available + 2.81 fibre = 81.05 g, as SR24's total by difference
    expect(value(rice, 'carbohydrate_g')).toBeCloseTo(81.05, 3);
    expect(value(rice, 'fiber_total_dietary_g')).toBe(2.81);
    expect(rice[4]).toBe('20');
    // IFCT has no household measures; a column it lacks (alcohol) is not analysed, not zero
    expect(rice[3]).toEqual([]);
    expect(value(rice, 'alcohol_g')).toBeNull();
  });

  it('recomputes the energy IFCT gives as 0 for fats and oils from their own fat, protein and carbohydrate', () => {
    const [oil] = readIfctRows(
      csv([
        [
          'T001',
          'Coconut oil',
          'Edible Oils and Fats',
          '0',
          '0',
          '100',
          '90.86',
          '0',
          '0',
          '0',
          '0',
          '0',
          '0',
        ],
      ]),
    );
    if (!oil) throw new Error('one row expected');
    // 37 kJ/g × 100 g fat = 3700 kJ = 884.3 kcal (SR24 gives oils 884 kcal)
    expect(value(oil, 'energy_kcal')).toBeCloseTo(884.3, 1);
    expect(oil[4]).toBe('04');
  });

  it('refuses a food group it has no SR equivalent for', () => {
    expect(() =>
      readIfctRows(
        csv([['Z001', 'Mystery', 'Space Food', '100', '0', '1', '0', '1', '1', '0', '0', '0', '0']]),
      ),
    ).toThrow(/Z001 has an unknown group Space Food/);
  });
});
