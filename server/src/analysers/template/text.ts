/**
 * The document as one layout-preserving string (pages separated by form feeds, as `pdftotext
 * -layout` prints them), with a map from character offsets back to where on which page the text is,
 * so every extracted value can say where it was found.
 */

import { linesToText } from '../layout/lines.ts';
import type { DocumentLayout } from '../layout/read-document.ts';
import type { LayoutLine, PageLayout } from '../layout/types.ts';

/** A box in normalised page coordinates (0..1, origin top-left). */
export interface NormalisedBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface LineSpan {
  start: number;
  end: number;
  page: PageLayout;
  line: LayoutLine;
  /** Character column where each cell starts, in the rendered line. */
  columns: number[];
}

/** The rendered text and its geometry. */
export interface DocumentText {
  text: string;
  pages: PageLayout[];
  /** Where `[start, end)` of `text` lies: the page and the union box of the cells it touches. */
  locate(start: number, end: number): { page: number; box: NormalisedBox } | null;
}

/** Character width (page units per column) that keeps a page's lines about 100–130 columns wide. */
function charWidthFor(page: PageLayout): number {
  const sizes = page.lines.map((l) => l.size).sort((a, b) => a - b);
  const size = sizes[Math.floor(sizes.length / 2)] ?? 10;
  return Math.max(1, size * 0.5);
}

/** Renders a layout (or wraps plain text, which then has no geometry). */
export function documentText(layout: DocumentLayout | string): DocumentText {
  if (typeof layout === 'string') return { text: layout, pages: [], locate: () => null };
  const spans: LineSpan[] = [];
  const chunks: string[] = [];
  let offset = 0;
  layout.pages.forEach((page, index) => {
    if (index > 0) {
      chunks.push('\f');
      offset += 1;
    }
    const charWidth = charWidthFor(page);
    const originX = Math.min(...page.lines.flatMap((l) => l.cells.map((c) => c.x0)));
    page.lines.forEach((line, k) => {
      if (k > 0) {
        chunks.push('\n');
        offset += 1;
      }
      const rendered = linesToText([line], charWidth, originX);
      const columns = cellColumns(line, charWidth, originX);
      spans.push({ start: offset, end: offset + rendered.length, page, line, columns });
      chunks.push(rendered);
      offset += rendered.length;
    });
  });
  const text = chunks.join('');
  return {
    text,
    pages: layout.pages,
    locate(start, end) {
      const touched = spans.filter((s) => s.end > start && s.start < end);
      if (touched.length === 0) return null;
      const page = touched[0]!.page;
      let box: NormalisedBox | null = null;
      for (const span of touched) {
        if (span.page !== page) break;
        span.line.cells.forEach((cell, i) => {
          const cellStart = span.start + span.columns[i]!;
          const cellEnd = cellStart + cell.text.length;
          if (cellEnd <= start || cellStart >= end) return;
          const b = {
            x0: cell.x0 / page.width,
            y0: (span.line.y - span.line.size) / page.height,
            x1: cell.x1 / page.width,
            y1: (span.line.y + span.line.size * 0.25) / page.height,
          };
          box = box ? union(box, b) : b;
        });
      }
      return box ? { page: page.page, box: clampBox(box) } : null;
    },
  };
}

/** The column each cell starts at, replaying {@link linesToText}'s placement. */
function cellColumns(line: LayoutLine, charWidth: number, originX: number): number[] {
  const columns: number[] = [];
  let length = 0;
  for (const cell of line.cells) {
    const column = Math.max(0, Math.round((cell.x0 - originX) / charWidth));
    const start = length > 0 && length >= column ? length + 2 : Math.max(length, column);
    columns.push(start);
    length = start + cell.text.length;
  }
  return columns;
}

function union(a: NormalisedBox, b: NormalisedBox): NormalisedBox {
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}

function clampBox(b: NormalisedBox): NormalisedBox {
  const c = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
  return { x0: c(b.x0), y0: c(b.y0), x1: c(b.x1), y1: c(b.y1) };
}
