import type { LayoutLine } from '../pdf/types.ts';
import type { Column, ColumnRole } from './row.ts';

const ROLE_PATTERNS: readonly [ColumnRole, RegExp][] = [
  [
    'name',
    /^(tests?|test\s*name|test\s*description|investigations?|parameters?|analytes?|examinations?|description|components?|determinations?|name)$/i,
  ],
  [
    'value',
    /^(results?|values?|observed\s*values?|observations?|your\s*results?|readings?|findings?|patient\s*(results?|values?)|current|result\s*value)$/i,
  ],
  ['flag', /^(flags?|status|abnormal|indicator|h\/l|alert)$/i],
  ['unit', /^(units?|uom|unit\s*of\s*measure)$/i],
  [
    'range',
    /^((bio\.?\s*|biological\s*)?ref(erence)?\.?\s*(range|interval|intervals|values?)?|(normal|expected|target)\s*(range|values?|limits?)?|range|interval|limits)$/i,
  ],
  ['other', /^(lab|method|methodology|previous(\s*results?)?|prior|code|comments?|specimen|sample)$/i],
];

function roleOf(text: string): ColumnRole | null {
  const t = text.trim().replace(/[:.]$/, '');
  for (const [role, re] of ROLE_PATTERNS) if (re.test(t)) return role;
  return null;
}

/**
 * Recognises a table header line (`Test | Result | Flag | Units | Reference Interval`) and returns
 * its columns with extents reaching halfway to the neighbouring headers, so right- or left-aligned
 * cells still land in the right column. Returns null for any other line.
 */
export function detectColumns(line: LayoutLine): Column[] | null {
  if (line.cells.length < 2) return null;
  const roles = line.cells.map((c) => roleOf(c.text));
  const known = roles.filter((r) => r !== null);
  if (known.length < Math.max(2, line.cells.length - 1)) return null;
  if (!roles.includes('value') && !roles.includes('range')) return null;
  return line.cells.map((cell, i) => {
    const prev = line.cells[i - 1];
    const next = line.cells[i + 1];
    return {
      role: roles[i] ?? (i === 0 ? 'name' : 'other'),
      x0: prev ? (prev.x1 + cell.x0) / 2 : Number.NEGATIVE_INFINITY,
      x1: next ? (cell.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY,
    };
  });
}
