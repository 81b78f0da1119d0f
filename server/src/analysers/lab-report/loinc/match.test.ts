import { describe, expect, it } from 'vitest';
import { matchLoinc } from './match.ts';
import { panelFor } from './panels.ts';
import { LOINC_TESTS } from './tests.ts';

const code = (
  name: string,
  unitClass: Parameters<typeof matchLoinc>[1]['unitClass'],
  sectionName: string | null = null,
) => matchLoinc(name, { unitClass, sectionName })?.test.code ?? null;

describe('LOINC matching', () => {
  it('has unique codes and no empty names', () => {
    const codes = LOINC_TESTS.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const t of LOINC_TESTS) {
      expect(t.code).toMatch(/^\d{1,6}-\d$/);
      expect(t.names.length).toBeGreaterThan(0);
    }
  });

  it('has codes whose LOINC check digit (mod 10) is right', () => {
    const checkDigit = (body: string) => {
      let total = 0;
      [...body].reverse().forEach((c, i) => {
        const d = Number(c) * (i % 2 === 0 ? 2 : 1);
        total += Math.floor(d / 10) + (d % 10);
      });
      return (10 - (total % 10)) % 10;
    };
    for (const t of LOINC_TESTS) {
      const [body, digit] = t.code.split('-') as [string, string];
      expect(`${t.code} ${checkDigit(body)}`).toBe(`${t.code} ${digit}`);
    }
  });

  it('chooses by the context of each row, not of the first row that printed the name', () => {
    // The keys of a printed name are kept between rows; the choice among its terms is not.
    expect(code('Haemoglobin', 'moles')).toBe('59260-0');
    expect(code('Haemoglobin', 'mass')).toBe('718-7');
    expect(code('Haemoglobin', 'moles')).toBe('59260-0');
  });

  it('tells haemoglobin in mmol/L and reticulocyte counts from their siblings by unit', () => {
    expect(code('Haemoglobin', 'moles')).toBe('59260-0');
    expect(code('Haemoglobin', 'mass')).toBe('718-7');
    expect(code('Hemoglobin', null)).toBe('718-7');
    expect(code('Reticulocyte count', 'count')).toBe('14196-0');
    expect(code('Reticulocyte count', 'percent')).toBe('17849-1');
  });

  it('uses the unit to tell percent from absolute counts', () => {
    expect(code('Neutrophils', 'percent')).toBe('770-8');
    expect(code('Neutrophils', 'count')).toBe('751-8');
    expect(code('Neutrophils #', null)).toBe('751-8');
    expect(code('Lymphocytes %', null)).toBe('736-9');
  });

  it('uses the unit to tell mass from substance concentrations', () => {
    expect(code('Glucose', 'mass')).toBe('2345-7');
    expect(code('Glucose', 'moles')).toBe('14749-6');
    expect(code('Glucose à jeun', 'mass')).toBe('1558-6');
    expect(code('Nüchternglukose', 'mass')).toBe('1558-6');
    expect(code('Glucosa en ayunas', 'mass')).toBe('1558-6');
    expect(code('Calcium', 'moles')).toBe('2000-8');
    expect(code('Creatinine, Serum', 'mass')).toBe('2160-0');
  });

  it('uses the section and name to tell urine from serum', () => {
    expect(code('Glucose', null, 'URINALYSIS')).toBe('5792-7');
    expect(code('Urine Glucose', null)).toBe('5792-7');
    expect(code('Protein', null, 'Urine Routine Examination')).toBe('5804-0');
    expect(code('Total Protein', 'mass', 'Liver Function')).toBe('2885-2');
  });

  it('tells calculated from direct LDL and does not guess', () => {
    expect(code('LDL Cholesterol (Calculated)', 'mass')).toBe('13457-7');
    expect(code('LDL Cholesterol, Direct', 'mass')).toBe('18262-6');
    expect(code('Vitamin D (25-OH)', 'moles')).toBeNull();
    expect(code('Zebra factor', 'mass')).toBeNull();
  });

  it('has at least 300 terms and keeps method-specific serology apart from the plain terms', () => {
    expect(LOINC_TESTS.length).toBeGreaterThanOrEqual(300);
    expect(code('HBsAg', null)).toBe('5195-3');
    expect(code('HBsAg (CMIA)', null)).toBe('5196-1');
    expect(code('Anti-HCV (ELISA)', null)).toBe('13955-0');
    expect(code('HIV 1/2 Ag/Ab Combo', null)).toBe('56888-1');
    expect(code('Anti-HBs', 'units')).toBe('16935-9');
  });

  it('tells urine sediment, nucleated red cells and lactate apart by name, specimen and unit', () => {
    expect(code('Hyaline Casts', 'area', 'Urine Microscopy')).toBe('5796-8');
    expect(code('Squamous Epithelial Cells', 'area', 'Urinalysis')).toBe('11277-1');
    expect(code('Epithelial Cells', 'area', 'Urinalysis')).toBe('5787-7');
    expect(code('Calcium', 'mass', 'Urine Chemistry')).toBe('17862-4');
    expect(code('Calcium', 'mass', 'Biochemistry')).toBe('17861-6');
    expect(code('Protein/Creatinine Ratio', 'ratio', 'Urine')).toBe('2890-2');
    expect(code('NRBC', 'percent')).toBe('58413-6');
    expect(code('NRBC', 'count')).toBe('771-6');
    expect(code('Lactate', 'moles')).toBe('2524-7');
    expect(code('Whole Blood Lactate', 'moles')).toBe('32693-4');
    expect(code('ESR', 'rate')).toBe('4537-7');
  });

  it('maps sections to panels by name and contents', () => {
    expect(panelFor('Blood Count', ['6690-2', '718-7'])?.code).toBe('58410-2');
    expect(panelFor('Blood Count', ['6690-2', '718-7', '770-8'])?.code).toBe('57021-8');
    expect(panelFor('Lipid Profile', ['2093-3', '18262-6'])?.code).toBe('57698-3');
    expect(panelFor('Urinalysis', ['5811-5', '5803-2', '5804-0'])?.code).toBe('24357-6');
    expect(panelFor('Thyroid', ['3016-3'])).toBeNull();
  });
});
