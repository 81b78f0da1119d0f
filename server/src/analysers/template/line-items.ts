/**
 * Line items: for each block between a start and an end marker, rows built from lines that match
 * the row patterns (invoice2data's `lines` parser semantics):
 * - a `first_line` match starts a new item; `line` matches then add to it (values of a column
 *   already present are joined with a newline); a `last_line` match adds and closes the item;
 * - without `first_line`, every `line` match is an item of its own;
 * - `skip_line` matches and unmatched lines are ignored;
 * - a group that did not participate gives `""`; `types` converts columns.
 */
import type { LineBlock, LineItemsDefinition } from './definition.ts';
import type { PatternCache } from './patterns.ts';
import type { LineItem } from './types.ts';
import { parseValue, type ScalarValue, type ValueOptions } from './values.ts';

/** The items of one list, block after block, in document order per block. */
export function extractLineItems(
  list: LineItemsDefinition,
  text: string,
  patterns: PatternCache,
  options: ValueOptions,
): LineItem[] {
  const items: LineItem[] = [];
  list.blocks.forEach((block, b) => {
    const path = `line_items.${list.name}.blocks[${b}]`;
    for (const region of regions(block, text, patterns, path)) {
      items.push(...parseRegion(block, region, patterns, options, path));
    }
  });
  return items;
}

/** Every region between a start match and the next end match, repeatedly. */
export function regions(
  block: { start: string; end: string },
  text: string,
  patterns: PatternCache,
  path: string,
): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const start = patterns.get(block.start, '', `${path}.start`).exec(rest);
    if (!start) break;
    rest = rest.slice(start.index + start[0].length);
    const end = patterns.get(block.end, '', `${path}.end`).exec(rest);
    if (!end) break;
    out.push(rest.slice(0, end.index));
    rest = rest.slice(end.index + end[0].length);
    if (start[0] === '' && end[0] === '' && end.index === 0) break;
  }
  return out;
}

function firstMatch(list: string[] | undefined, line: string, patterns: PatternCache, path: string) {
  for (const [i, p] of (list ?? []).entries()) {
    const m = patterns.get(p, '', `${path}[${i}]`).exec(line);
    if (m) return m;
  }
  return null;
}

function parseRegion(
  block: LineBlock,
  region: string,
  patterns: PatternCache,
  options: ValueOptions,
  path: string,
): LineItem[] {
  const rows: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  const flush = () => {
    if (Object.keys(current).length > 0) rows.push(current);
    current = {};
  };
  const add = (m: RegExpExecArray) => {
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      const value = (v ?? '').trim();
      current[k] = current[k] ? `${current[k]}\n${value}` : value;
    }
  };
  for (const line of region.split('\n')) {
    if (line.trim() === '') continue;
    if (firstMatch(block.skip_line, line, patterns, `${path}.skip_line`)) continue;
    const first = firstMatch(block.first_line, line, patterns, `${path}.first_line`);
    if (first) {
      flush();
      add(first);
      continue;
    }
    const last = firstMatch(block.last_line, line, patterns, `${path}.last_line`);
    if (last) {
      add(last);
      flush();
      continue;
    }
    const row = firstMatch(block.line, line, patterns, `${path}.line`);
    if (row) {
      if (!block.first_line || block.first_line.length === 0) flush();
      add(row);
    }
  }
  flush();
  return rows.map((row) => typeRow(row, block, options));
}

function typeRow(row: Record<string, string>, block: LineBlock, options: ValueOptions): LineItem {
  const out: LineItem = {};
  for (const [k, v] of Object.entries(row)) {
    const type = block.types?.[k];
    // invoice2data reads an empty numeric cell as 0 (an optional column left blank).
    const empty = v === '' && (type === 'number' || type === 'money');
    const typed: ScalarValue | null = empty ? 0 : type && v !== '' ? parseValue(v, type, options) : v;
    out[k] = typed ?? v;
  }
  return out;
}
