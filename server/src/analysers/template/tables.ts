/**
 * Tables (invoice2data's `tables`): the lines between a start and an end marker, each matched
 * against body patterns whose named groups become document fields. A field found on several lines
 * becomes a list. Names starting with `date` or `amount` are typed as date and money unless
 * `types` says otherwise (invoice2data's naming convention).
 */
import type { TableDefinition } from './definition.ts';
import { regions } from './line-items.ts';
import type { PatternCache } from './patterns.ts';
import type { FieldValue } from './types.ts';
import { extreme, parseValue, type ScalarValue, type ValueOptions } from './values.ts';

export function extractTables(
  tables: readonly TableDefinition[],
  text: string,
  patterns: PatternCache,
  options: ValueOptions,
): Record<string, FieldValue> {
  const found: Record<string, ScalarValue[]> = {};
  const groups: Record<string, string> = {};
  tables.forEach((table, t) => {
    const path = `tables[${t}]`;
    Object.assign(groups, table.groups ?? {});
    const region = regions(table, text, patterns, path)[0];
    if (region === undefined) return;
    for (const line of region.split('\n')) {
      if (line.trim() === '') continue;
      for (const [b, body] of table.body.entries()) {
        const m = patterns.get(body, '', `${path}.body[${b}]`).exec(line);
        if (!m) continue;
        for (const [k, v] of Object.entries(m.groups ?? {})) {
          if (v === undefined) continue;
          const type =
            table.types?.[k] ??
            (k.startsWith('date') ? 'date' : k.startsWith('amount') ? 'money' : undefined);
          const value = type ? parseValue(v, type, options) : v;
          if (value === null) continue;
          found[k] = [...(found[k] ?? []), value];
        }
        break;
      }
    }
  });
  const out: Record<string, FieldValue> = {};
  for (const [k, values] of Object.entries(found)) out[k] = reduce(values, groups[k]);
  return out;
}

function reduce(values: ScalarValue[], group: string | undefined): FieldValue {
  switch (group) {
    case 'first':
      return values[0]!;
    case 'last':
      return values.at(-1)!;
    case 'sum':
      return Math.round(values.reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0) * 1e9) / 1e9;
    case 'min':
      return extreme(values, -1);
    case 'max':
      return extreme(values, 1);
    case 'join':
      return values.map(String).join(' ');
    default:
      return values.length === 1 ? values[0]! : values;
  }
}
