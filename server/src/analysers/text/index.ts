/**
 * The `text` analyser: plain text per page from PDFs with a text layer, with the page count and
 * the position of every text run kept for later analysers (templates, zones).
 */
import { openPdf } from '../pdf-document.ts';
import type { Analyser, AnalysisInput, AnalysisOutcome } from '../types.ts';

/** A run of text and its box in PDF points, origin at the top-left of the page. */
export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextPage {
  number: number;
  width: number;
  height: number;
  /** False for a page with no text at all (a scan): OCR is the lab-report analyser's job. */
  has_text_layer: boolean;
  text: string;
  boxes: TextBox[];
}

export interface TextResult {
  page_count: number;
  pages: TextPage[];
}

async function analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
  const opened = await openPdf(input.bytes);
  if (!opened.ok) return { ok: false, error: opened.error };
  const { doc, close } = opened;
  try {
    const pages: TextPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const boxes: TextBox[] = [];
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue; // marked-content markers carry no text
        const run = item;
        text += run.str + (run.hasEOL ? '\n' : '');
        if (run.str.trim() === '') continue;
        const [, , , , x, baseline] = run.transform as [number, number, number, number, number, number];
        boxes.push({
          text: run.str,
          x: round(x),
          y: round(height - baseline - run.height),
          width: round(run.width),
          height: round(run.height),
        });
      }
      pages.push({ number: n, width, height, has_text_layer: boxes.length > 0, text: text.trimEnd(), boxes });
      page.cleanup();
    }
    const result: TextResult = { page_count: doc.numPages, pages };
    return { ok: true, result, pages: doc.numPages };
  } finally {
    await close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

export const textAnalyser: Analyser = {
  kind: 'text',
  mimeTypes: ['application/pdf'],
  analyse,
};
