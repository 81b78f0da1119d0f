/**
 * The template engine as a pure function: a definition and a document layout (or plain
 * layout-preserving text) → fields, line items and where each value was found.
 */
import type { DocumentLayout } from '../layout/read-document.ts';
import type { FieldDefinition, FieldRule, FieldType, TemplateDefinition } from './definition.ts';
import { extractLineItems } from './line-items.ts';
import { anchorValue, zoneValue } from './locate.ts';
import { findAll, matchValue, PatternCache } from './patterns.ts';
import { prepareText } from './prepare.ts';
import { extractTables } from './tables.ts';
import { documentText } from './text.ts';
import type { FieldMatch, FieldValue, LineItem, TemplateExtraction } from './types.ts';
import { extreme, parseValue, type ScalarValue, type ValueOptions } from './values.ts';

export type { FieldMatch, FieldValue, LineItem, TemplateExtraction } from './types.ts';

interface Found {
  value: ScalarValue;
  start: number;
  end: number;
}

/**
 * Applies a template to a document. Never throws for a document that lacks something: missing
 * values are `null` and listed in `missing_required` when required; an invalid pattern in the
 * definition throws a `PatternError` (the API validates definitions before storing them).
 */
export function extractWithTemplate(
  definition: TemplateDefinition,
  layout: DocumentLayout | string,
  staticValues: Record<string, unknown> = {},
): TemplateExtraction {
  const doc = documentText(layout);
  const options = definition.options ?? {};
  const patterns = new PatternCache();
  const text = prepareText(doc.text, options, patterns);
  const valueOptions: ValueOptions = {
    decimal_separator: options.decimal_separator,
    date_formats: options.date_formats,
    languages: options.languages,
    date_order: options.date_order,
  };
  const warnings: string[] = [];
  const matches: FieldMatch[] = [];
  const fields: Record<string, FieldValue> = {};
  if (definition.issuer !== undefined) fields.issuer = definition.issuer;

  for (const [name, field] of Object.entries(definition.fields)) {
    const found = findField(name, field, text, doc, patterns, valueOptions, warnings);
    fields[name] = combine(found, field, name, warnings);
    for (const f of found.slice(0, 1)) {
      const where = doc.locate(f.start, f.end);
      if (where) matches.push({ field: name, ...where });
    }
  }

  for (const [name, value] of Object.entries(
    extractTables(definition.tables ?? [], text, patterns, valueOptions),
  )) {
    if (fields[name] === undefined || fields[name] === null) fields[name] = value;
  }
  if (options.currency !== undefined && fields.currency === undefined) fields.currency = options.currency;
  for (const [name, value] of Object.entries(staticValues)) {
    if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      value === null
    ) {
      fields[name] = value;
    }
  }

  const lists: Record<string, LineItem[]> = {};
  for (const list of definition.line_items ?? []) {
    lists[list.name] = extractLineItems(list, text, patterns, valueOptions);
  }

  const required = new Set([
    ...(options.required_fields ?? []),
    ...Object.entries(definition.fields)
      .filter(([, f]) => f.required)
      .map(([n]) => n),
  ]);
  const missing_required = [...required].filter((name) => {
    if (name in lists) return lists[name]!.length === 0;
    const v = fields[name];
    return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  });

  return {
    fields,
    line_items: Object.values(lists)[0] ?? [],
    line_item_lists: lists,
    matches,
    warnings,
    missing_required,
  };
}

function findField(
  name: string,
  field: FieldDefinition,
  text: string,
  doc: ReturnType<typeof documentText>,
  patterns: PatternCache,
  valueOptions: ValueOptions,
  warnings: string[],
): Found[] {
  const collectAll = field.group !== undefined;
  const all: Found[] = [];
  field.rules.forEach((rule, index) => {
    if (!collectAll && all.length > 0) return;
    const raw = applyRule(rule, text, doc, patterns, `fields.${name}.rules[${index}]`, warnings);
    for (const r of raw) {
      const value =
        typeof r.value === 'string'
          ? parseValue(r.value, field.type, valueOptions)
          : coerce(r.value, field.type);
      if (value === null) {
        if (typeof r.value === 'string' && r.value.trim() !== '') {
          warnings.push(`${name}: "${r.value.trim()}" is not a ${field.type}; ignored`);
        }
        continue;
      }
      all.push({ ...r, value });
    }
  });
  return all;
}

function coerce(value: ScalarValue, type: FieldType | undefined): ScalarValue | null {
  if (type === undefined || type === 'string') return typeof value === 'string' ? value : String(value);
  if (typeof value === 'string') return parseValue(value, type, {});
  if ((type === 'number' || type === 'money') && typeof value !== 'number') return null;
  if (type === 'boolean' && typeof value !== 'boolean') return null;
  return value;
}

function applyRule(
  rule: FieldRule,
  text: string,
  doc: ReturnType<typeof documentText>,
  patterns: PatternCache,
  path: string,
  warnings: string[],
): { value: ScalarValue; start: number; end: number }[] {
  if ('static' in rule) return [{ value: rule.static, start: -1, end: -1 }];
  if ('regex' in rule) {
    const re = patterns.get(rule.regex, `gd${rule.flags ?? ''}`, `${path}.regex`);
    return findAll(re, text).map((m) => {
      const v = matchValue(m);
      return { value: v.text, start: v.index, end: v.index + v.text.length };
    });
  }
  if ('anchor' in rule) {
    const found = anchorValue(rule.anchor, text, patterns, path);
    return found ? [found] : [];
  }
  const found = zoneValue(rule.zone, doc.pages, patterns, path);
  if (found === undefined) {
    warnings.push(`${path}: zones need a PDF or image; plain text has no page geometry`);
    return [];
  }
  return found ? [{ value: found, start: -1, end: -1 }] : [];
}

/** Reduces a field's found values by its `group` (see the schema for the semantics). */
function combine(found: Found[], field: FieldDefinition, name: string, warnings: string[]): FieldValue {
  if (found.length === 0) return null;
  const values = found.map((f) => f.value);
  switch (field.group) {
    case 'first':
      return values[0]!;
    case 'last':
      return values.at(-1)!;
    case 'sum': {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      if (numbers.length !== values.length) warnings.push(`${name}: sum needs numbers; text values ignored`);
      return Math.round(numbers.reduce((a, b) => a + b, 0) * 1e9) / 1e9;
    }
    case 'min':
      return extreme(values, -1);
    case 'max':
      return extreme(values, 1);
    case 'join':
      return values.map(String).join(' ');
    default: {
      const distinct = [...new Map(values.map((v) => [`${typeof v}:${v}`, v])).values()];
      return distinct.length === 1 ? distinct[0]! : distinct;
    }
  }
}
