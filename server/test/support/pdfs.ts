/** PDFs made on the fly for tests (pdfkit), so the suite needs no fixture files. */
import PDFDocument from 'pdfkit';

/** A PDF drawn by `build` (uncompressed, so tests can read its operators). */
export function render(
  build: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ compress: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

/** A PDF with a text layer: one page per string. */
export function textPdf(pages: string[]): Promise<Buffer> {
  return render((doc) => {
    pages.forEach((text, i) => {
      if (i > 0) doc.addPage();
      doc.fontSize(12).text(text, 72, 72);
    });
  });
}

/** A PDF that needs a password to open. */
export function encryptedPdf(): Promise<Buffer> {
  return render((doc) => doc.text('secret results'), { userPassword: 'letmein', ownerPassword: 'owner' });
}

/** Starts like a PDF, so it is accepted as one, but its body is garbage. */
export function corruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x41), Buffer.from('\n%%EOF\n')]);
}

/** A 1×1 PNG (valid image, wrong type for `kind: text`). */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A PDF of `pages` nearly empty pages (a dot each): every page looks like a scan to OCR. */
export function blankPdf(pages: number): Promise<Buffer> {
  return render((doc) => {
    for (let i = 0; i < pages; i++) {
      if (i > 0) doc.addPage();
      doc.fontSize(6).text('.', 300, 400);
    }
  });
}
