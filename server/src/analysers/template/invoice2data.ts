/**
 * Importing invoice2data templates (YAML or JSON) into Docket's format, translating Python regex
 * syntax and invoice2data's conventions (legacy field names, parsers, `lines`, `tables`, options,
 * `required_fields`) so an imported template extracts what invoice2data would.
 */
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import {
  type FieldDefinition,
  type FieldType,
  type LineBlock,
  type LineItemsDefinition,
  type TableDefinition,
  TemplateDefinition,
} from './definition.ts';
import { RegexTranslationError, translatePythonRegex, translatePythonReplacement } from './python-regex.ts';

/** An invoice2data template Docket cannot import; the message says what to change. */
export class TemplateImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateImportError';
  }
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** invoice2data's defaults when a template does not list `required_fields`. */
const DEFAULT_REQUIRED = ['date', 'amount', 'invoice_number'];

/** Python regex → a Docket pattern (global flags as a leading `(?ims)`), naming where it failed. */
function pattern(source: unknown, path: string): string {
  if (typeof source !== 'string' && typeof source !== 'number') {
    throw new TemplateImportError(`${path}: expected a regex string, got ${JSON.stringify(source)}`);
  }
  try {
    const { source: js, flags } = translatePythonRegex(String(source));
    const inline = flags.replace('u', '');
    return inline ? `(?${inline})${js}` : js;
  } catch (err) {
    if (err instanceof RegexTranslationError) throw new TemplateImportError(`${path}: ${err.message}`);
    throw err;
  }
}

const patterns = (v: unknown, path: string) => asList(v).map((p, i) => pattern(p, `${path}[${i}]`));

/** invoice2data type names → Docket's. */
function fieldType(type: unknown, path: string): FieldType | undefined {
  if (type === undefined || type === null) return undefined;
  switch (type) {
    case 'int':
    case 'float':
      return 'number';
    case 'date':
      return 'date';
    case 'str':
    case 'string':
      return 'string';
    case 'bool':
      return 'boolean';
    default:
      throw new TemplateImportError(
        `${path}: unknown type ${JSON.stringify(type)} (use int, float, date or str)`,
      );
  }
}

function types(v: unknown, path: string): Record<string, FieldType> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, FieldType> = {};
  for (const [k, t] of Object.entries(v)) {
    const ft = fieldType(t, `${path}.${k}`);
    if (ft) out[k] = ft;
  }
  return out;
}

/** The type invoice2data gives legacy (plain regex) fields from their names. */
function legacyType(name: string): FieldType | undefined {
  if (name.startsWith('date') || name.endsWith('date')) return 'date';
  if (name.startsWith('amount')) return 'money';
  return undefined;
}

function lineBlock(raw: Raw, path: string): LineBlock {
  for (const key of ['start', 'end', 'line']) {
    if (raw[key] === undefined) throw new TemplateImportError(`${path}: a lines block needs "${key}"`);
  }
  const block: LineBlock = {
    start: pattern(raw.start, `${path}.start`),
    end: pattern(raw.end, `${path}.end`),
    line: patterns(raw.line, `${path}.line`),
  };
  if (raw.first_line !== undefined) block.first_line = patterns(raw.first_line, `${path}.first_line`);
  if (raw.last_line !== undefined) block.last_line = patterns(raw.last_line, `${path}.last_line`);
  if (raw.skip_line !== undefined) block.skip_line = patterns(raw.skip_line, `${path}.skip_line`);
  const t = types(raw.types, `${path}.types`);
  if (t) block.types = t;
  return block;
}

function lineItems(name: string, raw: Raw, path: string): LineItemsDefinition {
  const rules = raw.rules === undefined ? [raw] : asList(raw.rules);
  return {
    name,
    blocks: rules.map((r, i) => {
      if (!isObject(r)) throw new TemplateImportError(`${path}.rules[${i}]: expected a mapping`);
      return lineBlock(r, raw.rules === undefined ? path : `${path}.rules[${i}]`);
    }),
  };
}

function table(raw: unknown, path: string): TableDefinition {
  if (!isObject(raw) || raw.start === undefined || raw.end === undefined || raw.body === undefined) {
    throw new TemplateImportError(`${path}: a table needs start, end and body`);
  }
  const out: TableDefinition = {
    start: pattern(raw.start, `${path}.start`),
    end: pattern(raw.end, `${path}.end`),
    body: patterns(raw.body, `${path}.body`),
  };
  const t = types(raw.types, `${path}.types`);
  if (t) out.types = t;
  if (isObject(raw.fields)) {
    const groups: NonNullable<TableDefinition['groups']> = {};
    for (const [k, f] of Object.entries(raw.fields)) {
      if (isObject(f) && typeof f.group === 'string')
        groups[k] = group(f.group, `${path}.fields.${k}.group`) as never;
      if (isObject(f) && f.type !== undefined) {
        const ft = fieldType(f.type, `${path}.fields.${k}.type`);
        if (ft) out.types = { ...out.types, [k]: ft };
      }
    }
    out.groups = groups;
  }
  return out;
}

function group(g: unknown, path: string): NonNullable<FieldDefinition['group']> {
  if (g === 'sum' || g === 'min' || g === 'max' || g === 'first' || g === 'last' || g === 'join') return g;
  throw new TemplateImportError(
    `${path}: unknown group ${JSON.stringify(g)} (sum, min, max, first, last, join)`,
  );
}

/**
 * Converts an invoice2data template (YAML or JSON text) to a {@link TemplateDefinition}.
 * Throws {@link TemplateImportError} naming the part that cannot be imported.
 */
export function importInvoice2data(source: string): TemplateDefinition {
  let raw: unknown;
  try {
    raw = parseYaml(source); // JSON is YAML too
  } catch (err) {
    throw new TemplateImportError(`The template is neither valid YAML nor JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw))
    throw new TemplateImportError('The template must be a mapping with keywords and fields');
  const keywords = asList(raw.keywords);
  if (keywords.length === 0)
    throw new TemplateImportError('keywords: an invoice2data template needs at least one keyword');
  const issuer = typeof raw.issuer === 'string' ? raw.issuer : String(keywords[0]);
  const rawOptions = isObject(raw.options) ? raw.options : {};

  const fields: Record<string, FieldDefinition> = {};
  const lists: LineItemsDefinition[] = [];
  const rawFields = isObject(raw.fields) ? raw.fields : {};
  for (const [name, spec] of Object.entries(rawFields)) {
    const path = `fields.${name}`;
    if (isObject(spec)) {
      const parser =
        spec.parser ?? (spec.regex !== undefined ? 'regex' : spec.value !== undefined ? 'static' : undefined);
      if (parser === 'lines') {
        lists.push(lineItems(name, spec, path));
        continue;
      }
      const type = fieldType(spec.type, `${path}.type`);
      if (parser === 'static') {
        const v = spec.value;
        const value = v instanceof Date ? v.toISOString().slice(0, 10) : v;
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw new TemplateImportError(`${path}.value: a static value must be text, a number or a boolean`);
        }
        fields[name] = { rules: [{ static: value }], ...(type ? { type } : {}) };
        continue;
      }
      if (parser !== 'regex') {
        throw new TemplateImportError(
          `${path}.parser: ${JSON.stringify(parser)} is not supported (regex, static, lines)`,
        );
      }
      const rules = patterns(spec.regex, `${path}.regex`).map((regex) => ({ regex }));
      if (rules.length === 0) throw new TemplateImportError(`${path}.regex: missing`);
      fields[name] = {
        rules,
        group: spec.group === undefined ? 'all' : group(spec.group, `${path}.group`),
        ...(type ? { type } : {}),
      };
      continue;
    }
    if (name.startsWith('static_')) {
      fields[name.slice('static_'.length)] = { rules: [{ static: String(spec) }] };
      continue;
    }
    // Legacy: a regex or a list of regexes; dates and amounts take the first match.
    const type = legacyType(name);
    fields[name] = {
      rules: patterns(spec, path).map((regex) => ({ regex })),
      group: type ? 'first' : 'all',
      ...(type ? { type } : {}),
    };
  }
  // Top-level `lines` (older templates) is the `lines` list.
  if (isObject(raw.lines)) lists.push(lineItems('lines', raw.lines, 'lines'));
  // invoice2data always reports a description of the issuer.
  if (!('desc' in fields)) fields.desc = { rules: [{ static: `Invoice from ${issuer}` }] };

  const required = asList(raw.required_fields ?? rawOptions.required_fields).map(String);
  const options: TemplateDefinition['options'] = {
    required_fields: required.length > 0 ? required : DEFAULT_REQUIRED.filter((f) => f in fields),
  };
  if (rawOptions.decimal_separator === '.' || rawOptions.decimal_separator === ',') {
    options.decimal_separator = rawOptions.decimal_separator;
  }
  if (rawOptions.date_formats !== undefined)
    options.date_formats = asList(rawOptions.date_formats).map(String);
  if (rawOptions.languages !== undefined) options.languages = asList(rawOptions.languages).map(String);
  if (typeof rawOptions.currency === 'string') options.currency = rawOptions.currency;
  for (const flag of ['remove_whitespace', 'remove_accents', 'lowercase'] as const) {
    if (rawOptions[flag] === true) options[flag] = true;
  }
  if (rawOptions.replace !== undefined) {
    options.replace = asList(rawOptions.replace).map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TemplateImportError(`options.replace[${i}]: expected a pair [regex, replacement]`);
      }
      return [pattern(pair[0], `options.replace[${i}][0]`), translatePythonReplacement(String(pair[1]))];
    });
  }

  const definition: TemplateDefinition = {
    name: issuer,
    issuer,
    keywords: keywords.map((k, i) => pattern(k, `keywords[${i}]`)),
    fields,
    options,
  };
  if (raw.exclude_keywords !== undefined)
    definition.exclude_keywords = patterns(raw.exclude_keywords, 'exclude_keywords');
  if (typeof raw.priority === 'number') definition.priority = Math.round(raw.priority);
  if (lists.length > 0) definition.line_items = lists;
  if (raw.tables !== undefined)
    definition.tables = asList(raw.tables).map((t, i) => table(t, `tables[${i}]`));

  if (!Value.Check(TemplateDefinition, definition)) {
    const first = [...Value.Errors(TemplateDefinition, definition)][0];
    throw new TemplateImportError(`The imported template is not valid: ${first?.message ?? 'unknown error'}`);
  }
  return definition;
}
