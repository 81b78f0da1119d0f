import type { PageLayout } from '../layout/types.ts';
import { detectColumns } from './columns.ts';

function key(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Removes running headers and footers: lines in the top or bottom band of a page whose text (digits
 * ignored, so `Page 1 of 2` matches `Page 2 of 2`) also appears in that band on another page. The
 * first page keeps its header, which holds the patient block and dates. Table header lines are kept:
 * they mark where each page's table (and so a section) starts.
 */
export function removeRepeatedLines(pages: readonly PageLayout[], band = 0.3): PageLayout[] {
  if (pages.length < 2) return [...pages];
  const zoneOf = (page: PageLayout, y: number) =>
    y < page.height * band ? 'top' : y > page.height * (1 - band / 2) ? 'bottom' : null;
  const seen = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const line of page.lines) {
      const zone = zoneOf(page, line.y);
      if (!zone) continue;
      const k = `${zone}|${key(line.cells.map((c) => c.text).join(' '))}`;
      const set = seen.get(k) ?? new Set<number>();
      set.add(page.page);
      seen.set(k, set);
    }
  }
  return pages.map((page, index) => {
    const isHeader = page.lines.map((line) => detectColumns(line) !== null);
    // A heading wrapped onto the lines just above and below its header line (`Reference` /
    // `Test  Result  Units` / `Interval`) is part of the header, and kept with it.
    const besideHeader = (i: number) =>
      [i - 1, i + 1].some(
        (j) =>
          isHeader[j] === true && Math.abs(page.lines[j]!.y - page.lines[i]!.y) <= page.lines[j]!.size * 1.2,
      );
    return {
      ...page,
      lines: page.lines.filter((line, i) => {
        const zone = zoneOf(page, line.y);
        if (!zone || isHeader[i] || besideHeader(i)) return true;
        const k = `${zone}|${key(line.cells.map((c) => c.text).join(' '))}`;
        const repeated = (seen.get(k)?.size ?? 0) > 1;
        if (!repeated) return true;
        return zone === 'top' && index === 0;
      }),
    };
  });
}
