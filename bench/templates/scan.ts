/** Rasterises every page of a PDF like a 200 dpi greyscale scan (PNG), for the OCR column. */
import sharp from 'sharp';
import { openPdf } from '../../server/src/analysers/pdf/load.ts';
import { renderPage } from '../../server/src/analysers/pdf/render.ts';

export async function scanPages(pdf: Uint8Array, dpi = 200): Promise<Buffer[]> {
  const doc = await openPdf(pdf);
  try {
    const out: Buffer[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const rendered = await renderPage(await doc.getPage(p), dpi);
      out.push(await sharp(rendered.png).greyscale().png().toBuffer());
    }
    return out;
  } finally {
    await doc.loadingTask.destroy();
  }
}
