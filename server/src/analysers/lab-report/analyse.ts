import type { ReadDocumentOptions } from '../layout/read-document.ts';
import { readForAnalysis } from '../layout/read-for-analysis.ts';
import type { LayoutLine } from '../layout/types.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { AnalysisOutcome } from '../types.ts';
import { dayFirst, findReportDates } from './dates.ts';
import { splitTwoColumnPage } from './page-columns.ts';
import { removeRepeatedLines } from './repeated.ts';
import { numberCells, rereadDoubtfulCells } from './reread-cells.ts';
import { unitCells } from './reread-units.ts';
import { buildSections, type DocumentFacts, isResultRow, nameContinues } from './results.ts';
import { collectSections } from './sections.ts';
import type { LabReport } from './types.ts';

/** Signs that a report comes from the United States, where numeric dates are month-first. */
const US_MARKERS_RE =
  /\bCLIA\s*(?:#|No\.?|ID)?\s*:?\s*\d{2}D\d{7}\b|,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\(\d{3}\)\s*\d{3}-\d{4}/;

function documentFacts(lines: readonly LayoutLine[]): Omit<DocumentFacts, 'usesFlags'> & { text: string } {
  const text = lines.map((l) => l.cells.map((c) => c.text).join('  ')).join('\n');
  const decimalCommas = (text.match(/(?<![\d,])\d{1,3},\d{1,2}(?![\d,])/g) ?? []).length;
  const decimalPoints = (text.match(/(?<![\d.])\d{1,3}\.\d{1,2}(?![\d.])/g) ?? []).length;
  const sexMatch =
    /\b(?:sex|gender)\b[^A-Za-z\n]{0,20}(male|female|m|f)\b/i.exec(text) ??
    /\b\d{1,3}\s*(?:y|yrs?|years?)\s*\/\s*(male|female|m|f)\b/i.exec(text);
  const sex = sexMatch ? (sexMatch[1]!.toLowerCase().startsWith('f') ? 'F' : 'M') : null;
  return { text, decimalComma: decimalCommas > decimalPoints, sex };
}

/**
 * Analyses one lab report: reads the document (text layer or OCR), rebuilds rows, maps them to
 * LOINC and UCUM, and returns seed 000's result shape, or a failure a person can act on.
 */
export async function analyseLabReport(
  bytes: Uint8Array,
  mimeType: string,
  ocr: () => OcrEngine,
  readOptions: ReadDocumentOptions = {},
  analysis: { secondReading?: boolean } = {},
): Promise<AnalysisOutcome> {
  const read = await readForAnalysis(
    bytes,
    mimeType,
    ocr,
    readOptions,
    'The image could not be decoded; upload a JPEG, PNG, WebP or TIFF photo or scan of the report.',
  );
  if (!read.ok) return { ok: false, error: read.failure };
  const { layout } = read;
  const reread =
    layout.source === 'text' || analysis.secondReading === false
      ? layout.pages
      : await rereadDoubtfulCells(layout.pages, ocr, [numberCells(), unitCells]);
  const pages = removeRepeatedLines(reread).map(splitTwoColumnPage);
  const lines = pages.flatMap((p) => p.lines);
  const documentWide = documentFacts(lines);
  const fallbackDayFirst = !US_MARKERS_RE.test(documentWide.text);
  const raw = collectSections(lines, documentWide.decimalComma, isResultRow, nameContinues, {
    dayFirst: dayFirst(lines, fallbackDayFirst),
  });
  const facts = { ...documentWide, usesFlags: raw.some((s) => s.rows.some((r) => r.flags.length > 0)) };
  const sections = buildSections(raw, facts);
  const pageCount = layout.pages.length;
  if (sections.length === 0) {
    return {
      ok: false,
      error: {
        code: 'no_lab_results',
        message:
          layout.source === 'text'
            ? 'No lab results were found in this document; check that it is a laboratory report with a results table.'
            : 'No lab results could be read from this scan or photo; upload a sharper, well-lit, straight image of the report or the original PDF.',
      },
      pages: pageCount,
    };
  }
  const dates = findReportDates(
    layout.pages.flatMap((p) => p.lines),
    { fallbackDayFirst },
  );
  const report: LabReport = {
    collection_date: dates.collection_date,
    result_date: dates.result_date,
    sections,
  };
  return { ok: true, result: report, pages: pageCount };
}
