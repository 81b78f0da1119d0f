import { describe, expect, it } from 'vitest';
import {
  KEY_VALUE_REPORT,
  makeLabReportPdf,
  SI_TABLE_REPORT,
  US_TABLE_REPORT,
} from '../../../test/fixtures/lab-reports/generate.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { createLabReportAnalyser } from './index.ts';
import type { LabReport, LabResult } from './types.ts';

const noOcr = (): OcrEngine => {
  throw new Error('OCR must not run for text PDFs');
};
const analyser = createLabReportAnalyser({ ocr: noOcr });

async function analyse(bytes: Uint8Array) {
  return analyser.analyse({
    kind: 'lab_report',
    bytes,
    mimeType: 'application/pdf',
    filename: 'r.pdf',
    options: {},
  });
}

async function report(bytes: Uint8Array): Promise<LabReport> {
  const outcome = await analyse(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result as LabReport;
}

function byName(r: LabReport, name: string): LabResult {
  const found = r.sections.flatMap((s) => s.results).find((x) => x.original_test_name === name);
  if (!found) throw new Error(`no result ${name}`);
  return found;
}

describe('labReportAnalyser', () => {
  it('reads a US table with a flag column, month-first dates and panel codes', async () => {
    const r = await report(await makeLabReportPdf(US_TABLE_REPORT));
    expect(r.collection_date).toBe('2024-03-14');
    expect(r.result_date).toBe('2024-03-15');
    expect(r.sections.map((s) => [s.original_section_name, s.loinc_code])).toEqual([
      ['COMPLETE BLOOD COUNT', '57021-8'],
      ['LIPID PANEL', '24331-1'],
    ]);
    expect(byName(r, 'WBC')).toMatchObject({
      loinc_code: '6690-2',
      loinc_common_name: 'Leukocytes [#/volume] in Blood by Automated count',
      original_unit_name: 'x10E3/uL',
      standard_unit_name: '10*3/uL',
      value: 6.1,
      within_normal_range: true,
      reference_range: '3.4-10.8',
      flag: null,
    });
    expect(byName(r, 'Hemoglobin')).toMatchObject({
      loinc_code: '718-7',
      value: 11.2,
      within_normal_range: false,
      flag: 'L',
    });
    expect(byName(r, 'Neutrophils').loinc_code).toBe('770-8');
    expect(byName(r, 'Neutrophils (Absolute)').loinc_code).toBe('751-8');
    expect(byName(r, 'HDL Cholesterol')).toMatchObject({
      loinc_code: '2085-9',
      reference_range: '>39',
      within_normal_range: true,
    });
    expect(byName(r, 'LDL Chol Calc (NIH)')).toMatchObject({
      loinc_code: '13457-7',
      value: '<130',
      within_normal_range: false,
    });
    // The interpretation note is not a result.
    expect(r.sections.flatMap((s) => s.results)).toHaveLength(10);
  });

  it('reads SI units, decimal commas, bracketed ranges and day-first dates', async () => {
    const r = await report(await makeLabReportPdf(SI_TABLE_REPORT));
    expect(r.collection_date).toBe('2023-11-02');
    expect(r.result_date).toBe('2023-11-03');
    expect(byName(r, 'Potassium')).toMatchObject({
      loinc_code: '2823-3',
      value: 5.6,
      reference_range: '3,5-5,1',
      within_normal_range: false,
      flag: 'H',
    });
    expect(byName(r, 'Creatinine')).toMatchObject({
      loinc_code: '14682-9',
      standard_unit_name: 'umol/L',
      within_normal_range: true,
    });
    expect(byName(r, 'Glucose')).toMatchObject({ loinc_code: '14749-6', value: 5.2 });
    expect(byName(r, 'CRP')).toMatchObject({
      loinc_code: '1988-5',
      value: '<0,5',
      within_normal_range: true,
    });
    expect(byName(r, 'Haemoglobin')).toMatchObject({
      loinc_code: '718-7',
      value: 128,
      standard_unit_name: 'g/L',
      standard_value: 12.8,
      standard_value_unit: 'g/dL',
    });
    expect(byName(r, 'Leucocytes')).toMatchObject({
      loinc_code: '6690-2',
      standard_unit_name: '10*9/L',
      standard_value: 11.9,
      standard_value_unit: '10*3/uL',
    });
  });

  it('reads key-value lines with inline units, ranges and qualitative urine results', async () => {
    const r = await report(await makeLabReportPdf(KEY_VALUE_REPORT));
    expect(r.collection_date).toBe('2025-01-05');
    expect(r.result_date).toBe('2025-01-06');
    expect(byName(r, 'TSH')).toMatchObject({
      loinc_code: '3016-3',
      standard_unit_name: 'm[IU]/L',
      value: 2.15,
      within_normal_range: true,
    });
    expect(byName(r, 'Free T4')).toMatchObject({ loinc_code: '14920-3', reference_range: '12.0 - 22.0' });
    expect(byName(r, 'Protein')).toMatchObject({
      loinc_code: '5804-0',
      value: 'Negative',
      within_normal_range: true,
    });
    expect(byName(r, 'Glucose')).toMatchObject({
      loinc_code: '5792-7',
      value: 'Trace',
      within_normal_range: false,
    });
    expect(byName(r, 'Specific Gravity')).toMatchObject({ loinc_code: '5811-5', value: 1.015 });
  });

  it('fails with pdf_encrypted for a password-protected PDF', async () => {
    const outcome = await analyse(await makeLabReportPdf({ ...US_TABLE_REPORT, password: 'secret' }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'pdf_encrypted' } });
  });

  it('fails with pdf_corrupt for bytes that are not a PDF', async () => {
    const outcome = await analyse(new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf'));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'pdf_corrupt' } });
  });

  it('fails with no_lab_results for a document without results', async () => {
    const pdf = await makeLabReportPdf({
      ...US_TABLE_REPORT,
      sections: [],
      notes: ['Dear patient, your appointment is on Monday.'],
    });
    const outcome = await analyse(pdf);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'no_lab_results' }, pages: 1 });
    if (!outcome.ok) expect(outcome.error.message).toMatch(/No lab results/);
  });
});

describe('labReportAnalyser on OCR pages', () => {
  // A recognised page as the engine returns it: one row whose interval the page reading mangled.
  const box = (text: string, x0: number, x1: number, confidence: number) => ({
    text,
    x0,
    x1,
    y: 300,
    size: 30,
    confidence,
  });
  const engine = (): OcrEngine & { asked: number } => {
    const e = {
      asked: 0,
      recognise: async () => ({
        width: 2000,
        height: 2800,
        boxes: [
          box('Urea', 100, 200, 0.95),
          box('6.4', 800, 860, 0.95),
          box('mmol/L', 1100, 1230, 0.95),
          box('(2:5="-7.8)', 1400, 1600, 0.1),
        ],
        pixels: { data: new Uint8Array(2000 * 2800).fill(255), width: 2000, height: 2800, skew: 0 },
      }),
      async readLines(_p: unknown, boxes: readonly unknown[]) {
        e.asked += boxes.length;
        return boxes.map(() => ({ text: '(2.5-7.8)', confidence: 0.9 }));
      },
      terminate: async () => {},
    };
    return e;
  };
  const urea = async (secondReading: boolean) => {
    const ocr = engine();
    const outcome = await createLabReportAnalyser({ ocr: () => ocr, secondReading }).analyse({
      kind: 'lab_report',
      bytes: new Uint8Array([1]),
      mimeType: 'image/png',
      filename: 'scan.png',
      options: {},
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return { result: byName(outcome.result as LabReport, 'Urea'), asked: ocr.asked };
  };

  it('reads a mangled interval cell a second time and compares the value with it', async () => {
    const { result, asked } = await urea(true);
    expect(asked).toBe(1);
    expect(result).toMatchObject({ value: 6.4, reference_range: '2.5-7.8', within_normal_range: true });
  });

  it('reads nothing twice when the second reading is turned off', async () => {
    const { result, asked } = await urea(false);
    expect(asked).toBe(0);
    expect(result.within_normal_range).toBeNull();
  });
});
