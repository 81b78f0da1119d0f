import { describe, expect, it } from 'vitest';
import { cumulativeReport, makeLabReportPdf } from '../../../test/fixtures/lab-reports/generate.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { detectColumns, headingDate, latestDate } from './columns.ts';
import { createLabReportAnalyser } from './index.ts';
import type { LabReport } from './types.ts';

const noOcr = (): OcrEngine => {
  throw new Error('OCR must not run for text PDFs');
};
const analyser = createLabReportAnalyser({ ocr: noOcr });

async function results(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const outcome = await analyser.analyse({
    kind: 'lab_report',
    bytes,
    mimeType: 'application/pdf',
    filename: 'r.pdf',
    options: {},
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const r = outcome.result as LabReport;
  return Object.fromEntries(r.sections.flatMap((s) => s.results).map((x) => [x.original_test_name, x.value]));
}

const ROWS = (order: (a: string, b: string, c: string) => string[]) => [
  { name: 'Sodium', unit: 'mmol/L', range: '135-145', results: order('138', '141', '144') },
  { name: 'Potassium', unit: 'mmol/L', range: '3.5-5.1', results: order('4.0', '5.6 H', '4.4') },
  { name: 'Creatinine', unit: 'mg/dL', range: '0.6-1.2', results: order('0.9', '1.0', '1.1') },
];
/** The three runs of a test: newest result first in `newest`. */
const newestLast = (oldest: string, middle: string, newest: string) => [oldest, middle, newest];
const newestFirst = (oldest: string, middle: string, newest: string) => [newest, middle, oldest];

describe('cumulative reports', () => {
  it('reads the date of a result column heading, with words and a time around it', () => {
    expect(headingDate('12/03/2024')).toEqual({ dmy: '2024-03-12', mdy: '2024-12-03' });
    expect(headingDate('Result 14-Mar-2024 08:30')).toEqual({ dmy: '2024-03-14', mdy: '2024-03-14' });
    expect(headingDate('Reference Range')).toBeNull();
    expect(headingDate('Glucose 12/03/2024')).toBeNull();
  });

  it('picks the latest date in the one order that makes every date valid', () => {
    const d = (s: string) => headingDate(s)!;
    expect(latestDate([d('13/01/2024'), d('02/03/2024')], false)).toBe(1);
    expect(latestDate([d('01/13/2024'), d('03/02/2024')], true)).toBe(1);
    // Both orders valid: 1 Feb vs 3 Jan day-first, 2 Jan vs 1 Mar month-first.
    expect(latestDate([d('01/02/2024'), d('03/01/2024')], true)).toBe(0);
    expect(latestDate([d('01/02/2024'), d('03/01/2024')], false)).toBe(1);
  });

  it('reports the newest dated column when the newest is on the right', async () => {
    const pdf = await makeLabReportPdf(
      cumulativeReport(['15/11/2023', '20/01/2024', '14/03/2024'], ROWS(newestLast)),
    );
    expect(await results(pdf)).toEqual({ Sodium: 144, Potassium: 4.4, Creatinine: 1.1 });
  });

  it('reports the newest dated column when the newest is on the left', async () => {
    const pdf = await makeLabReportPdf(
      cumulativeReport(['14-Mar-2024', '20-Jan-2024', '15-Nov-2023'], ROWS(newestFirst)),
    );
    expect(await results(pdf)).toEqual({ Sodium: 144, Potassium: 4.4, Creatinine: 1.1 });
  });

  it('reports the column headed Current, not Previous', async () => {
    const rows = ROWS(newestLast).map((r) => ({ ...r, results: r.results.slice(1) }));
    const pdf = await makeLabReportPdf(cumulativeReport(['Previous', 'Current'], rows));
    expect(await results(pdf)).toEqual({ Sodium: 144, Potassium: 4.4, Creatinine: 1.1 });
  });

  it('reads the dates from the line under Result | Result, and skips tests not in the newest run', async () => {
    const rows = ROWS(newestFirst).map((r) => ({ ...r, results: r.results.slice(0, 2) }));
    rows.push({ name: 'Urea', unit: 'mg/dL', range: '15-40', results: ['', '31'] });
    const pdf = await makeLabReportPdf(
      cumulativeReport(['Result', 'Result'], rows, ['2024-03-14 08:10', '2024-01-20 07:55']),
    );
    expect(await results(pdf)).toEqual({ Sodium: 144, Potassium: 4.4, Creatinine: 1.1 });
  });

  it('takes an undated Result column beside dated earlier runs as the newest', async () => {
    const pdf = await makeLabReportPdf(
      cumulativeReport(['Result', '20/01/2024', '15/11/2023'], ROWS(newestFirst)),
    );
    expect(await results(pdf)).toEqual({ Sodium: 144, Potassium: 4.4, Creatinine: 1.1 });
  });
});

describe('cumulative header columns', () => {
  const cell = (text: string, x0: number) => ({ text, x0, x1: x0 + 40, confidence: 1 });
  it('gives each run its own flag column', () => {
    const columns = detectColumns({
      page: 0,
      y: 10,
      size: 9,
      cells: [
        cell('Test', 0),
        cell('20/01/2024', 100),
        cell('Flag', 160),
        cell('14/03/2024', 220),
        cell('Flag', 280),
        cell('Units', 340),
        cell('Reference Range', 400),
      ],
    });
    expect(columns?.map((c) => c.role)).toEqual([
      'name',
      'previous',
      'previous',
      'value',
      'flag',
      'unit',
      'range',
    ]);
  });
  it('reads the earlier-results column of French, German, Dutch and Spanish reports as previous', () => {
    for (const heading of ['Antériorité', 'Vorwerte', 'Vorige', 'Anterior']) {
      const columns = detectColumns({
        page: 0,
        y: 10,
        size: 9,
        cells: [cell('Analyse', 0), cell('Résultat', 100), cell('Unités', 160), cell(heading, 220)],
      });
      expect(columns?.map((c) => c.role)).toEqual(['name', 'value', 'unit', 'previous']);
    }
  });
});
