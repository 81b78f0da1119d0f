/**
 * Line items in the template editor: each list (name) and its blocks (start and end markers, row
 * patterns, column types) as form rows, with the raw JSON as an advanced mode.
 */
import { FormProblem } from './form-problem.ts';

export const COLUMN_TYPES = ['string', 'number', 'money', 'date', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** One block: the rows between a start and an end marker. Pattern lists are one regex per line. */
export interface BlockRow {
  start: string;
  end: string;
  line: string;
  firstLine: string;
  lastLine: string;
  skipLine: string;
  /** Column (named group) → type; absent means string. */
  types: Record<string, ColumnType>;
}

export interface ListRow {
  name: string;
  blocks: BlockRow[];
}

/** The line items as the form edits them, or as JSON text (the advanced mode). */
export type LineItemsState = { mode: 'form'; lists: ListRow[] } | { mode: 'json'; json: string };

export const emptyBlock = (): BlockRow => ({
  start: '',
  end: '',
  line: '',
  firstLine: '',
  lastLine: '',
  skipLine: '',
  types: {},
});
export const emptyList = (): ListRow => ({ name: 'line_items', blocks: [emptyBlock()] });

const BLOCK_KEYS = new Set(['start', 'end', 'line', 'first_line', 'last_line', 'skip_line', 'types']);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The named groups `(?<name>…)` of the row patterns, in order: the columns of the items. */
export function namedGroups(patterns: string): string[] {
  return [...new Set([...patterns.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!))];
}

function blockRow(block: Record<string, unknown>): BlockRow | null {
  if (!Object.keys(block).every((k) => BLOCK_KEYS.has(k))) return null;
  if (typeof block.start !== 'string' || typeof block.end !== 'string' || !isStrings(block.line)) return null;
  const lines = (key: string) => {
    const value = block[key];
    return value === undefined ? '' : isStrings(value) ? value.join('\n') : null;
  };
  const [firstLine, lastLine, skipLine] = [lines('first_line'), lines('last_line'), lines('skip_line')];
  if (firstLine === null || lastLine === null || skipLine === null) return null;
  const types = block.types ?? {};
  if (!isObject(types) || !Object.values(types).every((t) => COLUMN_TYPES.includes(t as ColumnType)))
    return null;
  return {
    start: block.start,
    end: block.end,
    line: block.line.join('\n'),
    firstLine,
    lastLine,
    skipLine,
    types: types as Record<string, ColumnType>,
  };
}

/** Stored line items → the form, or the JSON mode for anything the form cannot hold as it is. */
export function lineItemsState(lineItems: unknown[] | undefined): LineItemsState {
  const lists: ListRow[] = [];
  const asJson: LineItemsState = { mode: 'json', json: JSON.stringify(lineItems, null, 2) };
  for (const list of lineItems ?? []) {
    if (!isObject(list) || typeof list.name !== 'string' || !Array.isArray(list.blocks)) return asJson;
    if (Object.keys(list).length !== 2) return asJson;
    const blocks = list.blocks.map((b) => (isObject(b) ? blockRow(b) : null));
    if (blocks.some((b) => b === null)) return asJson;
    lists.push({ name: list.name, blocks: blocks as BlockRow[] });
  }
  return { mode: 'form', lists };
}

const patternList = (text: string) =>
  text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

function blockBody(block: BlockRow, where: string): Record<string, unknown> {
  if (!block.start.trim()) throw new FormProblem(`${where}: the start marker is empty`);
  if (!block.end.trim()) throw new FormProblem(`${where}: the end marker is empty`);
  const line = patternList(block.line);
  if (line.length === 0)
    throw new FormProblem(`${where}: add a row pattern with named groups, e.g. (?<description>.+)`);
  const columns = namedGroups(block.line);
  if (columns.length === 0) {
    throw new FormProblem(`${where}: the row pattern needs named groups (?<name>…), one per column`);
  }
  const types = Object.fromEntries(
    columns.filter((c) => (block.types[c] ?? 'string') !== 'string').map((c) => [c, block.types[c]]),
  );
  const optional = (key: string, text: string) => {
    const list = patternList(text);
    return list.length > 0 ? { [key]: list } : {};
  };
  return {
    start: block.start.trim(),
    end: block.end.trim(),
    line,
    ...optional('first_line', block.firstLine),
    ...optional('last_line', block.lastLine),
    ...optional('skip_line', block.skipLine),
    ...(Object.keys(types).length > 0 ? { types } : {}),
  };
}

/** The line items as the definition's `line_items` (`undefined`: none). Throws {@link FormProblem}. */
export function lineItemsBody(state: LineItemsState): unknown[] | undefined {
  if (state.mode === 'json') {
    if (!state.json.trim()) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(state.json);
    } catch {
      throw new FormProblem('Line items: not valid JSON (a list of {name, blocks})');
    }
    if (!Array.isArray(parsed)) throw new FormProblem('Line items: a JSON list of {name, blocks}');
    return parsed.length > 0 ? parsed : undefined;
  }
  const names = new Set<string>();
  const lists = state.lists.map((list, l) => {
    const name = list.name.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new FormProblem(`Line items ${l + 1}: a list name of letters, digits and _ (e.g. line_items)`);
    }
    if (names.has(name)) throw new FormProblem(`Line items ${l + 1}: "${name}" is used twice`);
    names.add(name);
    if (list.blocks.length === 0) throw new FormProblem(`Line items "${name}": add a block`);
    return { name, blocks: list.blocks.map((b, i) => blockBody(b, `Line items "${name}", block ${i + 1}`)) };
  });
  return lists.length > 0 ? lists : undefined;
}

/** Form → JSON mode: what the form holds, as the definition would carry it. */
export function toJsonMode(state: LineItemsState): LineItemsState {
  if (state.mode === 'json') return state;
  const body = lineItemsBody(state);
  return { mode: 'json', json: body ? JSON.stringify(body, null, 2) : '' };
}

/** JSON mode → form. Throws {@link FormProblem} when the JSON is broken or beyond the form. */
export function toFormMode(state: LineItemsState): LineItemsState {
  if (state.mode === 'form') return state;
  const next = lineItemsState(lineItemsBody(state));
  if (next.mode === 'json')
    throw new FormProblem('Line items: this JSON has parts the form cannot show; keep editing it as JSON');
  return next;
}
