import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { corruptPdf, encryptedPdf, render, textPdf } from '../../../test/support/pdfs.ts';
import {
  CachedBinaryDataFactory,
  closePdf,
  loadPdfJs,
  OpenedPdfs,
  openPdf,
  PdfOpenError,
  withPdf,
} from './load.ts';
import { readPageText } from './text-boxes.ts';

const fontsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts',
);

describe('openPdf', () => {
  it('hands pdfjs the package font files, a fresh copy on every request', async () => {
    const factory = new CachedBinaryDataFactory({ standardFontDataUrl: `${pathToFileURL(fontsDir).href}/` });
    const onDisk = fs.readFileSync(path.join(fontsDir, 'LiberationSans-Regular.ttf'));
    const first = await factory.fetch({
      kind: 'standardFontDataUrl',
      filename: 'LiberationSans-Regular.ttf',
    });
    first.fill(0); // pdfjs may consume or detach what it is given
    const second = await factory.fetch({
      kind: 'standardFontDataUrl',
      filename: 'LiberationSans-Regular.ttf',
    });
    expect(Buffer.from(second).equals(onDisk)).toBe(true);
    await expect(factory.fetch({ kind: 'cMapUrl', filename: 'x.bcmap' })).rejects.toThrow('cMapUrl');
  });

  it('reads the same text and positions from one document after another', async () => {
    const fetched = vi.spyOn(CachedBinaryDataFactory.prototype, 'fetch');
    const pdf = await textPdf(['Haemoglobin 13.5 g/dL 12.0 - 16.0']);
    const read = async () => {
      const doc = await openPdf(pdf);
      try {
        return await readPageText(await doc.getPage(1));
      } finally {
        await doc.loadingTask.destroy();
      }
    };
    const first = await read();
    const second = await read();
    expect(first.boxes.map((b) => b.text).join(' ')).toContain('Haemoglobin 13.5 g/dL');
    expect(second).toEqual(first);
    // Helvetica is not embedded: pdfjs asked for the standard font's data, from our factory.
    expect(fetched.mock.calls.map(([request]) => request.kind)).toContain('standardFontDataUrl');
    fetched.mockRestore();
  });
});

describe('opened for text', () => {
  it('reads the same text items, positions and widths as a document opened for drawing', async () => {
    const pdf = await render((doc) => {
      for (const [font, y] of [
        ['Helvetica', 72],
        ['Times-Bold', 120],
        ['Courier', 168],
      ] as const) {
        doc.font(font).fontSize(11).text('Glucose 5.4 mmol/L 3.9 – 5.6 H µ Ü é', 72, y);
      }
    });
    const drawn = await pageItems(pdf, false);
    expect(drawn[0]?.length).toBeGreaterThan(2);
    expect(await pageItems(pdf, true)).toEqual(drawn);
  });

  it('asks for no font file: the standard fonts are only needed to draw', async () => {
    const fetched = vi.spyOn(CachedBinaryDataFactory.prototype, 'fetch');
    const pdf = await textPdf(['Haemoglobin 13.5 g/dL 12.0 - 16.0']); // Helvetica, not embedded
    expect(JSON.stringify(await pageItems(pdf, true))).toContain('Haemoglobin 13.5 g/dL');
    expect(fetched).not.toHaveBeenCalled();
    fetched.mockRestore();
  });

  it('reads long pages, whose text pdfjs sends in many chunks, as its own worker does', async () => {
    // pdfjs sends a page's text items in chunks of about ten; its worker reuses the chunk object.
    const pdf = await render((doc) => {
      for (let page = 0; page < 2; page++) {
        if (page > 0) doc.addPage();
        for (let row = 0; row < 30; row++) {
          doc.font(row % 2 ? 'Helvetica' : 'Times-Roman').fontSize(9);
          doc.text(`Analyte ${page}-${row}`, 72, 60 + row * 22).text(`${row},5 mg/L`, 300, 60 + row * 22);
        }
      }
    });
    const drawn = await pageItems(pdf, false);
    const words = (items: object[]) => items.filter((item) => 'str' in item && String(item.str).trim());
    expect(drawn.map((items) => words(items).length)).toEqual([60, 60]);
    const read = await pageItems(pdf, true);
    expect(read).toEqual(drawn);
    expect(words(read[1] ?? []).at(-1)).toMatchObject({ str: '29,5 mg/L' });
  });

  it('reads documents one after another and side by side through one worker, which outlives each of them and a file that cannot be opened', async () => {
    const { PDFWorker } = await loadPdfJs();
    const destroyed = vi.spyOn(PDFWorker.prototype, 'destroy');
    const text = async (doc: Awaited<ReturnType<typeof openPdf>>) =>
      (await readPageText(await doc.getPage(1))).boxes.map((b) => b.text).join(' ');
    try {
      const sodium = await openPdf(await textPdf(['Sodium 140 mmol/L']), { forText: true });
      expect(await text(sodium)).toBe('Sodium 140 mmol/L');
      await closePdf(sodium);
      await expect(openPdf(corruptPdf(), { forText: true })).rejects.toMatchObject({ code: 'pdf_corrupt' });
      await expect(openPdf(await encryptedPdf(), { forText: true })).rejects.toMatchObject({
        code: 'pdf_encrypted',
      });
      const [potassium, glucose] = await Promise.all([
        openPdf(await textPdf(['Potassium 4.1 mmol/L']), { forText: true }),
        openPdf(await textPdf(['Glucose 5.2 mmol/L']), { forText: true }),
      ]);
      expect(await Promise.all([text(potassium), text(glucose)])).toEqual([
        'Potassium 4.1 mmol/L',
        'Glucose 5.2 mmol/L',
      ]);
      await closePdf(potassium);
      // The other document is still open behind the same worker.
      expect(await text(glucose)).toBe('Glucose 5.2 mmol/L');
      await closePdf(glucose);
      expect(destroyed).not.toHaveBeenCalled();
    } finally {
      destroyed.mockRestore();
    }
  });
});

/** Every page's text items, but for the font's name, which pdfjs numbers per document. */
async function pageItems(pdf: Uint8Array, forText: boolean) {
  const doc = await openPdf(pdf, { forText });
  try {
    const pages = [];
    for (let page = 1; page <= doc.numPages; page++) {
      const content = await (await doc.getPage(page)).getTextContent();
      pages.push(content.items.map((item) => ({ ...item, fontName: undefined })));
    }
    return pages;
  } finally {
    await closePdf(doc);
  }
}

describe("pdfjs's worker, as installed", () => {
  it('has the patch that keeps copied text and graphics states from being prototypes (patches/README.md)', () => {
    // Without it (an install with --ignore-scripts), text reads the same but each document's
    // states and fonts outlive it until a major GC.
    const worker = fs.readFileSync(path.join(path.dirname(fontsDir), 'legacy/build/pdf.worker.mjs'), 'utf8');
    expect(worker).toContain('Object.assign(Object.create(TextState.prototype), this)');
    expect(worker).toContain('Object.assign(Object.create(EvalState.prototype), this)');
    expect(worker).not.toMatch(/const clone = (Object\.assign\()?Object\.create\(this\)/);
  });
});

describe('OpenedPdfs', () => {
  it('parses a file once for every step of an analysis, and destroys it on close', async () => {
    const pdf = await textPdf(['one', 'two']);
    const pdfs = new OpenedPdfs();
    const counted = await withPdf(pdf, pdfs, async (doc) => doc.numPages);
    const first = await pdfs.open(pdf);
    expect(counted).toBe(2);
    expect(await pdfs.open(pdf)).toBe(first);
    const text = await withPdf(pdf, pdfs, async (doc) => readPageText(await doc.getPage(2)));
    expect(text.boxes.map((b) => b.text).join('')).toBe('two');
    await pdfs.close();
    await expect(async () => first.getPage(1)).rejects.toThrow(); // destroyed
  });

  it('reports an unreadable file to each step that asks', async () => {
    const pdfs = new OpenedPdfs();
    const bad = corruptPdf();
    await expect(pdfs.open(bad)).rejects.toBeInstanceOf(PdfOpenError);
    await expect(withPdf(bad, pdfs, async () => 'read')).rejects.toBeInstanceOf(PdfOpenError);
    await pdfs.close();
  });
});

describe('opened for drawing', () => {
  it("draws a PDF's standard fonts with the font programs shipped in pdfjs-dist, not a system font", async () => {
    const pdfjs = await loadPdfJs();
    const pdf = await textPdf(['Potassium 4.2 mmol/L']);
    const doc = await openPdf(pdf);
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
