import { afterAll, describe, expect, it } from 'vitest';
import { makeDocumentPdf, TUNING_SEEDS } from '../../../test/fixtures/documents/generate.ts';
import { rasterise } from '../../../test/fixtures/lab-reports/rasterise.ts';
import { createDocumentAnalyser } from './index.ts';
import type { DocumentAnalysis } from './schema.ts';

// The one OCR case: it loads the tesseract model, so it is slow.
const analyser = createDocumentAnalyser();
afterAll(() => analyser.close());

describe('document analyser OCR path', () => {
  it('classifies a scanned discharge summary and reads its patient', { timeout: 180_000 }, async () => {
    const { pdf, truth } = await makeDocumentPdf('discharge_summary', TUNING_SEEDS.start + 5, 'en');
    const scan = await rasterise(pdf, { dpi: 240 });
    const outcome = await analyser.analyse({
      kind: 'document',
      bytes: scan,
      mimeType: 'image/png',
      filename: 'scan.png',
      options: {},
    });
    expect(outcome.ok).toBe(true);
    const result = (outcome as { result: DocumentAnalysis }).result;
    expect(result.text_source).toBe('ocr');
    expect(result.document_type).toBe('discharge_summary');
    expect(result.patient.family_name?.toLowerCase()).toBe(truth.family_name.toLowerCase());
    expect(result.patient.date_of_birth).toBe(truth.date_of_birth);
  });
});
