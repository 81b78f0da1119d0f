/** A text PDF of roughly the requested size, made with pdfkit (no fixture files). */
import { createRequire } from 'node:module';
import path from 'node:path';
import { SERVER_DIR } from './processes.ts';

// pdfkit is a dev dependency of the server package.
const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const PDFDocument = require('pdfkit') as typeof import('pdfkit');

export async function pdfOfSize(targetBytes: number): Promise<Buffer> {
  let pages = 1;
  for (;;) {
    const pdf = await render(pages);
    if (pdf.length >= targetBytes || pages > 500) return pdf;
    pages = Math.max(pages + 1, Math.ceil((pages * targetBytes) / pdf.length));
  }
}

function render(pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ compress: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (let i = 0; i < pages; i++) {
      if (i > 0) doc.addPage();
      doc
        .fontSize(10)
        .text(`Page ${i + 1}. `.concat('Glucose 98 mg/dL 70-99. Sodium 140 mmol/L 135-145. '.repeat(40)));
    }
    doc.end();
  });
}
