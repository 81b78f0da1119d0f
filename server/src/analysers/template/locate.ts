/**
 * Geometric rules. Anchors work on the layout-preserving text (so they behave the same for text
 * PDFs, scans and plain text): the value right of a label is the rest of its line up to a column
 * gap; the value below is the text in the label's columns on the next lines. Zones need page
 * geometry: the cells whose centre lies inside the normalised box.
 */
import type { PageLayout } from '../layout/types.ts';
import type { PatternCache } from './patterns.ts';

/** An anchor rule's parameters (see `AnchorRule` in the schema). */
export interface Anchor {
  label: string;
  direction: 'right' | 'below';
  pattern?: string | undefined;
  max_lines?: number | undefined;
}

/** A zone rule's parameters (see `ZoneRule` in the schema). */
export interface Zone {
  page?: number | undefined;
  box: { x0: number; y0: number; x1: number; y1: number };
  pattern?: string | undefined;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The label as a regex: case-insensitive, any run of spaces where it has one, and whole words
 * (`Total` does not match inside `Subtotal`).
 */
function labelPattern(label: string): RegExp {
  const words = label.trim().split(/\s+/);
  const body = words.map(escapeRegex).join('[ \\t]+');
  const before = /^[\p{L}\p{N}]/u.test(words[0]!) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = /[\p{L}\p{N}]$/u.test(words.at(-1)!) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}

function applyPattern(value: string, pattern: string | undefined, patterns: PatternCache, path: string) {
  if (!pattern) return value.trim() === '' ? null : { text: value.trim(), offset: value.search(/\S/) };
  const m = patterns.get(pattern, 'd', `${path}.pattern`).exec(value);
  if (!m) return null;
  const g = m.length > 1 && m[1] !== undefined ? 1 : 0;
  return { text: m[g]!, offset: m.indices?.[g]?.[0] ?? m.index };
}

/** The first value found next to any occurrence of the label, with its offsets in `text`. */
export function anchorValue(
  anchor: Anchor,
  text: string,
  patterns: PatternCache,
  path: string,
): { value: string; start: number; end: number } | null {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n' || text[i] === '\f') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const lineText = (k: number) => {
    const start = lineStarts[k]!;
    const end = k + 1 < lineStarts.length ? lineStarts[k + 1]! - 1 : text.length;
    return text.slice(start, end);
  };
  for (const label of text.matchAll(labelPattern(anchor.label))) {
    const k = lineAt(label.index);
    const column = label.index - lineStarts[k]!;
    const labelEnd = column + label[0].length;
    if (anchor.direction === 'right') {
      const after = lineText(k).slice(labelEnd);
      // Skip the separator after the label, then take text up to a column gap (2+ spaces).
      const lead = /^[\s:.#=\-–]*/.exec(after)![0].length;
      const cell = pattern(anchor) ? after.slice(lead) : after.slice(lead).split(/ {2,}|\t/)[0]!;
      const found = applyPattern(cell, anchor.pattern, patterns, path);
      if (found) {
        const start = lineStarts[k]! + labelEnd + lead + found.offset;
        return { value: found.text, start, end: start + found.text.length };
      }
      continue;
    }
    for (let j = k + 1; j < Math.min(lineStarts.length, k + 1 + (anchor.max_lines ?? 3)); j++) {
      const line = lineText(j);
      const cell = cellAt(line, column, labelEnd);
      if (!cell) continue;
      const found = applyPattern(cell.text, anchor.pattern, patterns, path);
      if (found) {
        const start = lineStarts[j]! + cell.start + found.offset;
        return { value: found.text, start, end: start + found.text.length };
      }
    }
  }
  return null;
}

const pattern = (anchor: Anchor) => anchor.pattern !== undefined && anchor.pattern !== '';

/** The text cell of `line` (runs separated by 2+ spaces) overlapping columns [from, to). */
function cellAt(line: string, from: number, to: number): { text: string; start: number } | null {
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end > from && start < to) return { text: m[0], start };
  }
  return null;
}

/**
 * The text of the cells inside a zone, lines joined by newlines; `undefined` when there is no
 * geometry (plain text input), `null` when the zone is empty.
 */
export function zoneValue(
  zone: Zone,
  pages: readonly PageLayout[],
  patterns: PatternCache,
  path: string,
): string | null | undefined {
  if (pages.length === 0) return undefined;
  const index = zone.page ?? 0;
  const page = pages.at(index < 0 ? pages.length + index : index);
  if (!page) return null;
  const { x0, y0, x1, y1 } = zone.box;
  const lines: string[] = [];
  for (const line of page.lines) {
    const cy = (line.y - line.size * 0.35) / page.height;
    if (cy < y0 || cy > y1) continue;
    const cells = line.cells.filter((c) => {
      const cx = (c.x0 + c.x1) / 2 / page.width;
      return cx >= x0 && cx <= x1;
    });
    if (cells.length > 0) lines.push(cells.map((c) => c.text).join(' '));
  }
  const text = lines.join('\n');
  const found = applyPattern(text, zone.pattern, patterns, path);
  return found ? found.text : null;
}
