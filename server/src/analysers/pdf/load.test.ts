import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadPdfJs, openPdf } from './load.ts';

/** A one-page PDF in Helvetica, which (like most generated PDFs) pdfkit does not embed. */
function helveticaPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.font('Helvetica').fontSize(14).text('Potassium 4.2 mmol/L', 72, 72);
    doc.end();
  });
}

describe('openPdf', () => {
  it("draws a PDF's standard fonts with the font programs shipped in pdfjs-dist, not a system font", async () => {
    const pdfjs = await loadPdfJs();
    const doc = await openPdf(await helveticaPdf());
    try {
      const page = await doc.getPage(1);
      const ops = await page.getOperatorList();
      const fontIds = ops.fnArray.flatMap((fn, i) =>
        fn === pdfjs.OPS.setFont ? [String(ops.argsArray[i][0])] : [],
      );
      expect(fontIds.length).toBeGreaterThan(0);
      for (const id of fontIds) {
        // A font whose program could not be loaded is marked missing and drawn with a system font.
        expect((page.commonObjs.get(id) as { missingFile: boolean }).missingFile).toBe(false);
      }
    } finally {
      await doc.loadingTask.destroy();
    }
  });
});
