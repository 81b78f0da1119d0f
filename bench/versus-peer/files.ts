/**
 * The two uploads both systems get, made here (no fixture files): a one-page text PDF that reads as
 * a small lab report, and a ~100 KB PDF for intake, built as the peer's own bench builds its
 * intake body (a small PDF padded after `%%EOF` with one comment line), so intake measures storing
 * 100 KB rather than extracting twenty pages.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { SERVER_DIR } from '../support/processes.ts';

const require = createRequire(path.join(SERVER_DIR, 'package.json'));
const PDFDocument = require('pdfkit') as typeof import('pdfkit');

function render(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

/** A one-page text PDF: a short lab report with a header and a results table. */
export function onePageReport(): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(14).text('Riverside Clinical Laboratory');
    doc.fontSize(10).text('Patient: Jane Doe    Collected: 2026-11-02    Reported: 2026-11-03').moveDown();
    doc.text('Test                 Result   Unit      Reference range');
    for (const row of [
      'Glucose              98       mg/dL     70-99',
      'Sodium               140      mmol/L    135-145',
      'Potassium            4.1      mmol/L    3.5-5.1',
      'Creatinine           0.9      mg/dL     0.6-1.2',
      'Hemoglobin           13.8     g/dL      12.0-16.0',
    ])
      doc.text(row);
  });
}

/** `pdf` padded after its `%%EOF` with one comment line to exactly `size` bytes. */
export function padded(pdf: Buffer, size: number): Buffer {
  const marker = Buffer.from('\n%');
  const fill = Math.max(0, size - pdf.length - marker.length);
  return Buffer.concat([pdf, marker, Buffer.alloc(fill, 'x')]);
}

/** The upload body both APIs take on `POST /lab_reports`. */
export function uploadBody(pdf: Buffer, filename: string): string {
  return JSON.stringify({ mime_type: 'application/pdf', body: pdf.toString('base64'), filename });
}
