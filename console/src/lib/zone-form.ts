/**
 * Zone rules in the template editor: a box typed as fractions of the page (checked before
 * sending), the zones a box drawn on the sample can set, and a definition's zones as dashed boxes
 * for the page preview.
 */
import type { Highlight } from '../components/file-preview.tsx';
import { FormProblem } from './form-problem.ts';
import { isObject } from './line-item-form.ts';
import type { FieldRow, RuleRow } from './template-form.ts';

/** A zone rule's box, checked: numbers within the page (0..1), the far corner after the near one. */
export function zoneBody(rule: Extract<RuleRow, { kind: 'zone' }>, where: string): Record<string, unknown> {
  const coordinate = (name: 'x0' | 'y0' | 'x1' | 'y1') => {
    const value = Number(rule[name]);
    if (rule[name].trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new FormProblem(`${where}: ${name} must be a number from 0 to 1 (a fraction of the page)`);
    }
    return value;
  };
  const box = { x0: coordinate('x0'), y0: coordinate('y0'), x1: coordinate('x1'), y1: coordinate('y1') };
  if (box.x1 <= box.x0) throw new FormProblem(`${where}: x1 (right) must be more than x0 (left)`);
  if (box.y1 <= box.y0) throw new FormProblem(`${where}: y1 (bottom) must be more than y0 (top)`);
  const page = rule.page.trim() === '' ? 0 : Number(rule.page);
  if (!Number.isInteger(page))
    throw new FormProblem(`${where}: the page is a whole number (1st page 0, last -1)`);
  return { zone: { page, box, ...(rule.pattern ? { pattern: rule.pattern } : {}) } };
}

/** The form's zone rules, as the live preview offers them for drawing (`field:rule` keys). */
export function zoneTargets(fields: FieldRow[]): Array<{ key: string; label: string }> {
  return fields.flatMap((field, f) =>
    field.rules.flatMap((rule, r) =>
      rule.kind === 'zone'
        ? [{ key: `${f}:${r}`, label: `${field.name || `field ${f + 1}`}, rule ${r + 1}` }]
        : [],
    ),
  );
}

/** The fields with the zone rule `key` (see {@link zoneTargets}) set to a box drawn on `page`. */
export function withZoneBox(
  fields: FieldRow[],
  key: string,
  page: number,
  box: { x0: number; y0: number; x1: number; y1: number },
): FieldRow[] {
  const [f, r] = key.split(':').map(Number);
  return fields.map((field, i) =>
    i !== f
      ? field
      : {
          ...field,
          rules: field.rules.map((rule, j) =>
            j === r && rule.kind === 'zone'
              ? {
                  ...rule,
                  page: String(page),
                  x0: String(box.x0),
                  y0: String(box.y0),
                  x1: String(box.x1),
                  y1: String(box.y1),
                }
              : rule,
          ),
        },
  );
}

/** Every zone rule of a definition as a dashed box for the page preview, labelled with its field. */
export function zoneHighlights(definition: Record<string, unknown>): Highlight[] {
  const fields = isObject(definition.fields) ? definition.fields : {};
  return Object.entries(fields).flatMap(([name, field]) => {
    const rules = isObject(field) && Array.isArray(field.rules) ? field.rules : [];
    return rules.flatMap((rule) => {
      const zone = isObject(rule) && isObject(rule.zone) ? rule.zone : null;
      if (!zone || !isObject(zone.box)) return [];
      const box = zone.box as Highlight['box'];
      return [
        {
          label: `zone: ${name}`,
          page: typeof zone.page === 'number' ? zone.page : 0,
          box,
          tone: 'zone' as const,
        },
      ];
    });
  });
}
