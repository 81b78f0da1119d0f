import type { LayoutCell, LayoutLine, TextBox } from './types.ts';

/** Tuning for {@link boxesToLines}; all distances are multiples of the text size. */
export interface LayoutOptions {
  /** Boxes whose baselines differ by less than this share a line. Default 0.45. */
  lineTolerance?: number;
  /** A horizontal gap wider than this starts a new cell (a column boundary). Default 0.9. */
  cellGap?: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Groups positioned boxes into lines (by baseline) and each line into cells (by horizontal gaps).
 * Columns are found from positions, never from counting spaces: a cell boundary is a gap wider
 * than `cellGap` times the text size, which separates table columns but not words.
 */
export function boxesToLines(
  boxes: readonly TextBox[],
  page: number,
  options: LayoutOptions = {},
): LayoutLine[] {
  const lineTolerance = options.lineTolerance ?? 0.45;
  const cellGap = options.cellGap ?? 0.9;
  const visible = boxes.filter((b) => b.text.trim() !== '' && b.size > 0);
  visible.sort((a, b) => a.y - b.y || a.x0 - b.x0);

  const groups: TextBox[][] = [];
  let current: TextBox[] = [];
  let currentY = Number.NEGATIVE_INFINITY;
  for (const box of visible) {
    const tolerance = lineTolerance * Math.max(box.size, median(current.map((b) => b.size)) || box.size);
    if (current.length > 0 && Math.abs(box.y - currentY) <= tolerance) {
      current.push(box);
      // Track the running mean so a slightly sloped line (OCR) still groups.
      currentY = current.reduce((sum, b) => sum + b.y, 0) / current.length;
    } else {
      if (current.length > 0) groups.push(current);
      current = [box];
      currentY = box.y;
    }
  }
  if (current.length > 0) groups.push(current);

  return groups.map((group) => {
    group.sort((a, b) => a.x0 - b.x0);
    const size = median(group.map((b) => b.size));
    const cells: LayoutCell[] = [];
    let cell: { parts: string[]; x0: number; x1: number; conf: number[] } | null = null;
    for (const box of group) {
      const gap = cell ? box.x0 - cell.x1 : Number.POSITIVE_INFINITY;
      if (cell && gap <= cellGap * size) {
        // A gap of more than a sixth of the size is a word space the text itself may lack.
        const needsSpace =
          gap > size * 0.15 && !cell.parts.at(-1)!.endsWith(' ') && !box.text.startsWith(' ');
        cell.parts.push(needsSpace ? ` ${box.text}` : box.text);
        cell.x1 = Math.max(cell.x1, box.x1);
        cell.conf.push(box.confidence);
      } else {
        if (cell) cells.push(finishCell(cell));
        cell = { parts: [box.text], x0: box.x0, x1: box.x1, conf: [box.confidence] };
      }
    }
    if (cell) cells.push(finishCell(cell));
    const y = median(group.map((b) => b.y));
    return { page, y, size, cells: cells.filter((c) => c.text !== '') };
  });
}

function finishCell(cell: { parts: string[]; x0: number; x1: number; conf: number[] }): LayoutCell {
  return {
    text: cell.parts.join('').replace(/\s+/g, ' ').trim(),
    x0: cell.x0,
    x1: cell.x1,
    confidence: Math.min(...cell.conf),
  };
}

/**
 * Renders lines as layout-preserving plain text (like `pdftotext -layout`): each cell is placed
 * at the character column matching its x position, measured from `originX` (pdftotext starts
 * columns at the page's leftmost text, so pass that to drop the left margin).
 */
export function linesToText(lines: readonly LayoutLine[], charWidth = 4.5, originX = 0): string {
  const out: string[] = [];
  for (const line of lines) {
    let text = '';
    for (const cell of line.cells) {
      const column = Math.max(0, Math.round((cell.x0 - originX) / charWidth));
      if (text.length > 0 && text.length >= column) text += '  ';
      else text = text.padEnd(column, ' ');
      text += cell.text;
    }
    out.push(text.trimEnd());
  }
  return out.join('\n');
}
