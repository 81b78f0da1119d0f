/**
 * The document as plain lines for the classifier and the extractors: layout lines become one text
 * line each (cells joined by two spaces, so a column gap stays visible), plus an accent-folded,
 * lower-cased copy for matching cue phrases in five languages the same way in text layers and OCR.
 */
import type { LayoutLine, PageLayout } from '../layout/types.ts';

/** One printed line of the document. */
export interface DocLine {
  /** Zero-based index in {@link DocText.lines}. */
  index: number;
  page: number;
  /** The line as printed; cells joined by two spaces. */
  text: string;
  /** {@link fold} of `text`, same length, for matching. */
  folded: string;
  /** The cells as printed, left to right, with their horizontal extent (page units). */
  cells: { text: string; x0: number; x1: number; start: number }[];
  /** Text size relative to the document's median size (1 = body text). */
  relativeSize: number;
  /** Vertical position on its page, 0 (top) .. 1 (bottom). */
  top: number;
  /** Mean OCR confidence of the line (1 for text layers). */
  confidence: number;
}

/** The whole document as lines and as one string. */
export interface DocText {
  lines: DocLine[];
  /** All lines joined by newlines. */
  text: string;
  /** All folded lines joined by newlines (same offsets as `text`). */
  folded: string;
}

/**
 * Lower-cases and strips diacritics while keeping the string's length, so an index found in the
 * folded text points at the same characters in the original (é -> e, ü -> u; ß and œ stay).
 */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    const lower = (base.length === ch.length ? base : ch).toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The cells of a layout line and their offsets in the line's text (cells joined by two spaces). */
function lineCells(line: LayoutLine): { text: string; cells: DocLine['cells'] } {
  const cells: DocLine['cells'] = [];
  let text = '';
  for (const cell of line.cells) {
    if (text !== '') text += '  ';
    const cellText = cell.text.normalize('NFC');
    cells.push({ text: cellText, x0: cell.x0, x1: cell.x1, start: text.length });
    text += cellText;
  }
  return { text, cells };
}

/** Builds {@link DocText} from the reader's pages. */
export function documentText(pages: readonly PageLayout[]): DocText {
  const all = pages.flatMap((p) => p.lines.map((l) => ({ line: l, height: p.height || 1 })));
  const bodySize = median(all.map((l) => l.line.size).filter((s) => s > 0)) || 1;
  const lines: DocLine[] = [];
  for (const { line, height } of all) {
    const { text, cells } = lineCells(line);
    if (text.trim() === '') continue;
    const conf = line.cells.length ? line.cells.reduce((s, c) => s + c.confidence, 0) / line.cells.length : 1;
    lines.push({
      index: lines.length,
      page: line.page,
      text,
      folded: fold(text),
      cells,
      relativeSize: line.size / bodySize,
      top: Math.min(1, Math.max(0, line.y / height)),
      confidence: conf,
    });
  }
  return {
    lines,
    text: lines.map((l) => l.text).join('\n'),
    folded: lines.map((l) => l.folded).join('\n'),
  };
}

/** Cells of a plain-text line: runs separated by two or more spaces, x in characters. */
function plainCells(line: string): DocLine['cells'] {
  const cells: DocLine['cells'] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    cells.push({ text: m[0], x0: m.index, x1: m.index + m[0].length, start: m.index });
  }
  return cells;
}

/** Builds {@link DocText} from plain text (one line per line), for tests and text inputs. */
export function plainDocumentText(text: string): DocText {
  const raw = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const lines: DocLine[] = raw.map((t, index) => {
    const normalised = t.normalize('NFC');
    return {
      index,
      page: 0,
      text: normalised,
      folded: fold(normalised),
      cells: plainCells(normalised),
      relativeSize: 1,
      top: raw.length > 1 ? index / (raw.length - 1) : 0,
      confidence: 1,
    };
  });
  return {
    lines,
    text: lines.map((l) => l.text).join('\n'),
    folded: lines.map((l) => l.folded).join('\n'),
  };
}

/** The first `max` characters of the text, whitespace collapsed, cut at a word boundary. */
export function excerpt(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
