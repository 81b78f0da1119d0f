import sharp from 'sharp';
import { Value } from 'typebox/value';
import { afterAll, describe, expect, it } from 'vitest';
import { DOC_TYPES, makeDocumentPdf, TUNING_SEEDS } from '../../../test/fixtures/documents/generate.ts';
import { corruptPdf, encryptedPdf, textPdf } from '../../../test/support/pdfs.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { createDocumentAnalyser } from './index.ts';
import { type DocumentAnalysis, DocumentAnalysisSchema } from './schema.ts';

// OCR must not be reached by any test here: every input is a text PDF or fails before OCR.
const noOcr = (): OcrEngine => {
  throw new Error('OCR was not expected');
};
const analyser = createDocumentAnalyser({ ocr: noOcr });
afterAll(() => analyser.close());

const run = (bytes: Uint8Array, mimeType = 'application/pdf') =>
  analyser.analyse({ kind: 'document', bytes, mimeType, filename: null, options: {} });

describe('document analyser on generated text PDFs', () => {
  for (const type of DOC_TYPES) {
    it(`reads a ${type} and its patient`, async () => {
      const seed = TUNING_SEEDS.start + 3;
      const { pdf, truth } = await makeDocumentPdf(type, seed, 'en');
      const outcome = await run(pdf);
      expect(outcome.ok).toBe(true);
      const result = (outcome as { result: DocumentAnalysis }).result;
      expect(Value.Check(DocumentAnalysisSchema, result)).toBe(true);
      expect(result.document_type).toBe(type);
      expect(result.patient.family_name?.toLowerCase()).toBe(truth.family_name.toLowerCase());
      expect(result.patient.date_of_birth).toBe(truth.date_of_birth);
      expect(result.document_date).toBe(truth.document_date);
      expect(result.page_count).toBe(1);
      expect(result.text_source).toBe('text');
      expect(result.language).toBe('en');
      expect(result.text_excerpt.length).toBeGreaterThan(20);
    });
  }
});

describe('document analyser failures', () => {
  it('refuses a password-protected PDF', async () => {
    const outcome = await run(await encryptedPdf());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'pdf_encrypted' } });
  });

  it('refuses a damaged PDF', async () => {
    const outcome = await run(corruptPdf());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'pdf_corrupt' } });
  });

  it('answers no_text for a PDF whose text layer says almost nothing', async () => {
    // Forty characters make it a text page (no OCR), but there are hardly any letters to read.
    const outcome = await run(await textPdf(['1234567890 1234567890 1234567890 1234567890 12']));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'no_text' }, pages: 1 });
  });

  it('refuses an image that cannot be decoded', async () => {
    const failing = createDocumentAnalyser({
      ocr: () => ({
        recognise: async (image) => {
          await sharp(image as Uint8Array).metadata();
          throw new Error('unreachable');
        },
        terminate: async () => {},
      }),
    });
    const outcome = await failing.analyse({
      kind: 'document',
      bytes: Buffer.from('not an image at all'),
      mimeType: 'image/png',
      filename: 'x.png',
      options: {},
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'image_unreadable' } });
  });
});
