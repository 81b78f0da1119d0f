import { describe, expect, it } from 'vitest';
import type { LayoutLine } from '../layout/types.ts';
import { findReportDates } from './dates.ts';

const line = (y: number, ...cells: [string, number][]): LayoutLine => ({
  page: 0,
  y,
  size: 8,
  cells: cells.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 4, confidence: 1 })),
});

describe('findReportDates', () => {
  it('finds the date in the next cell as far off on an OCR page (pixels) as on a text layer (points)', () => {
    // The same patient block as OCR reads it at 250 dpi: text 22 px high, the date 250 px away.
    const ocrLine = (y: number, ...cells: [string, number, number][]): LayoutLine => ({
      page: 0,
      y,
      size: 22,
      cells: cells.map(([text, x0, x1]) => ({ text, x0, x1, confidence: 0.95 })),
    });
    const lines = [
      ocrLine(334, ['Collection date', 171, 420], ['2026-12-01', 548, 760]),
      ocrLine(383, ['Reported', 171, 298], ['2026-12-02', 548, 760]),
    ];
    expect(findReportDates(lines, { fallbackDayFirst: true })).toEqual({
      collection_date: '2026-12-01',
      result_date: '2026-12-02',
    });
  });

  it('reads label-value pairs in one line', () => {
    const lines = [
      line(10, ['Collection Date', 300], [': 28/04/2022 09:24', 400]),
      line(20, ['Report Released On', 300], [': 29/04/2022 09:52', 400]),
    ];
    expect(findReportDates(lines, { fallbackDayFirst: false })).toEqual({
      collection_date: '2022-04-28',
      result_date: '2022-04-29',
    });
  });

  it('reads values printed under header labels and skips received/printed dates', () => {
    const lines = [
      line(10, ['DATE COLLECTED', 200], ['DATE RECEIVED', 300], ['DATE REPORTED', 400]),
      line(20, ['12/02/2023 09:55', 200], ['12/03/2023 13:13', 300], ['12/04/2023 14:31', 400]),
    ];
    expect(findReportDates(lines, { fallbackDayFirst: false })).toEqual({
      collection_date: '2023-12-02',
      result_date: '2023-12-04',
    });
    // Day first would put the report two months after the collection; month first, two days.
    expect(findReportDates(lines, { fallbackDayFirst: true })).toEqual({
      collection_date: '2023-12-02',
      result_date: '2023-12-04',
    });
  });

  it('reads dates no digit makes unambiguous in the order that puts the report just after the collection', () => {
    const lines = [
      line(10, ['Date of collection:', 300], ['03/02/2026', 400]),
      line(20, ['Date reported:', 300], ['03/03/2026', 400]),
    ];
    // Day first, the usual order here, would be 3 February and 3 March: a month apart.
    expect(findReportDates(lines, { fallbackDayFirst: true })).toEqual({
      collection_date: '2026-03-02',
      result_date: '2026-03-03',
    });
    const dayFirstReport = [
      line(10, ['Date of collection:', 300], ['05/01/2026', 400]),
      line(20, ['Date reported:', 300], ['06/01/2026', 400]),
    ];
    expect(findReportDates(dayFirstReport, { fallbackDayFirst: true })).toEqual({
      collection_date: '2026-01-05',
      result_date: '2026-01-06',
    });
  });

  it('reads month names and ISO dates', () => {
    const lines = [
      line(10, ['Collection date:', 40], ['18 Nov 2023, 08:15', 200]),
      line(20, ['Report date:', 40], ['2023-11-19', 200]),
    ];
    expect(findReportDates(lines, { fallbackDayFirst: true })).toEqual({
      collection_date: '2023-11-18',
      result_date: '2023-11-19',
    });
  });

  it('reads French, German, Dutch and Spanish labels and month names, not the birth or received date', () => {
    const cases: [string, string, string, string, string][] = [
      [
        'Date de naissance : 13/02/1971',
        'Prélevé le : 3 mars 2024 08:10',
        'Reçu le : 3 mars 2024',
        'Validé le : 4 mars 2024',
        '2024-03',
      ],
      [
        'Geburtsdatum: 13.02.1971',
        'Entnahme: 3. März 2024',
        'Eingang: 3. März 2024',
        'Befunddatum: 4. März 2024',
        '2024-03',
      ],
      [
        'Geboortedatum: 13-02-1971',
        'Afnamedatum: 3 maart 2024',
        'Ontvangen: 3 maart 2024',
        'Uitslagdatum: 4 maart 2024',
        '2024-03',
      ],
      [
        'Fecha de nacimiento: 13/02/1971',
        'Fecha de toma: 3 de marzo de 2024',
        'Recepción: 3 de marzo de 2024',
        'Fecha de informe: 4 de marzo de 2024',
        '2024-03',
      ],
    ];
    for (const [birth, collected, received, reported, month] of cases) {
      const lines = [
        line(10, [birth, 40]),
        line(20, [received, 40]),
        line(30, [collected, 40]),
        line(40, [reported, 40]),
      ];
      expect(findReportDates(lines, { fallbackDayFirst: true }), collected).toEqual({
        collection_date: `${month}-03`,
        result_date: `${month}-04`,
      });
    }
  });

  it('finds labels OCR misspelt and dates whose time lost its space', () => {
    const ocr = (y: number, ...cells: [string, number][]): LayoutLine => ({
      ...line(y, ...cells),
      cells: line(y, ...cells).cells.map((c) => ({ ...c, confidence: 0.8 })),
    });
    const lines = [
      ocr(10, ['Abnahmedahm: 22-Jul-2021 16:29', 100], ['Eingang: 21-Jul-2021 12:50', 300]),
      ocr(20, ['Gevalideerd op', 100], ['02.10.202408:28', 200]),
    ];
    expect(findReportDates(lines, { fallbackDayFirst: true })).toEqual({
      collection_date: '2021-07-22',
      result_date: '2024-10-02',
    });
    // A text layer's words are taken as printed.
    expect(
      findReportDates([line(10, ['Abnahmedahm: 22-Jul-2021', 100])], { fallbackDayFirst: true }),
    ).toEqual({
      collection_date: null,
      result_date: null,
    });
  });
});
