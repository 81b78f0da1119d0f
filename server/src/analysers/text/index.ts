/**
 * The `text` analyser: layout-preserving text per page from PDFs with a text layer, with the page
 * count and the position of every text run kept for later analysers (templates, zones).
 */
import { boxesToLines, linesToText } from '../layout/lines.ts';
import type { TextBox } from '../layout/types.ts';
import { PdfOpenError, withPdf } from '../pdf/load.ts';
import { readPageText } from '../pdf/text-boxes.ts';
import type { Analyser, AnalyserInput, AnalysisOutcome } from '../types.ts';

export interface TextPage {
  number: number;
  /** Page size in PDF points. */
  width: number;
  height: number;
  /** False for a page with no text at all (a scan): OCR is the lab-report analyser's job. */
  has_text_layer: boolean;
  /** The page's text with its columns kept apart by spaces, one line per printed line. */
  text: string;
  /** Every text run and its box (points, origin top-left; `y` is the baseline). */
  boxes: TextBox[];
}

export interface TextResult {
  page_count: number;
  pages: TextPage[];
}

async function analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
  try {
    return await withPdf(input.bytes, input.pdfs, async (doc) => {
      const pages: TextPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const { width, height, boxes } = await readPageText(page);
        const text = linesToText(boxesToLines(boxes, n - 1));
        pages.push({ number: n, width, height, has_text_layer: boxes.length > 0, text, boxes });
        page.cleanup();
      }
      const result: TextResult = { page_count: doc.numPages, pages };
      return { ok: true, result, pages: doc.numPages } as const;
    });
  } catch (error) {
    if (error instanceof PdfOpenError)
      return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

export const textAnalyser: Analyser = {
  kind: 'text',
  analyse,
};
