import { describe, expect, it } from 'vitest';
import { corruptPdf, encryptedPdf } from '../../../test/support/pdfs.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { readForAnalysis } from './read-for-analysis.ts';

const failingOcr = (): OcrEngine => ({
  recognise: async () => {
    throw new Error('Input buffer contains unsupported image format');
  },
  terminate: async () => {},
});
const IMAGE = 'The image could not be decoded; upload a photo of the report.';

describe('readForAnalysis', () => {
  it('turns a damaged or password-protected PDF into the failure a person can act on', async () => {
    const corrupt = await readForAnalysis(corruptPdf(), 'application/pdf', failingOcr, {}, IMAGE);
    expect(corrupt).toMatchObject({ ok: false, failure: { code: 'pdf_corrupt' } });
    const locked = await readForAnalysis(await encryptedPdf(), 'application/pdf', failingOcr, {}, IMAGE);
    expect(locked).toMatchObject({ ok: false, failure: { code: 'pdf_encrypted' } });
  });

  it("says in the analyser's words that an image does not decode", async () => {
    const read = await readForAnalysis(new Uint8Array([1, 2, 3]), 'image/png', failingOcr, {}, IMAGE);
    expect(read).toEqual({ ok: false, failure: { code: 'image_unreadable', message: IMAGE } });
  });
});
