import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { textPdf } from '../../../test/support/pdfs.ts';
import { CachedBinaryDataFactory, openPdf } from './load.ts';
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
