/**
 * The template editor's model: a template definition (docs/templates.md) as rows a form can edit,
 * and back. Regex, anchor, zone and static rules get their own inputs, line items their own rows
 * (lib/line-item-form.ts); anything else is kept as JSON text, so editing a template never loses
 * what the form does not know.
 */
import { FormProblem } from './form-problem.ts';
import { type LineItemsState, lineItemsBody, lineItemsState } from './line-item-form.ts';
import { zoneBody } from './zone-form.ts';

export { FormProblem } from './form-problem.ts';
export { withZoneBox, zoneHighlights, zoneTargets } from './zone-form.ts';

export const FIELD_TYPES = ['string', 'number', 'money', 'date', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One rule as the form holds it. */
export type RuleRow =
  | { kind: 'regex'; regex: string; flags: string }
  | { kind: 'anchor'; label: string; direction: 'right' | 'below'; pattern: string }
  | { kind: 'static'; value: string }
  /** A box in normalised page coordinates (0..1, origin top-left), as typed; page 0-based, -1 the last. */
  | { kind: 'zone'; page: string; x0: string; y0: string; x1: string; y1: string; pattern: string }
  | { kind: 'json'; json: string };

export interface FieldRow {
  name: string;
  type: FieldType;
  required: boolean;
  rules: RuleRow[];
  /** Parts of the field the form has no inputs for (`group`…), kept as they were. */
  extra: Record<string, unknown>;
}

export interface HeaderRow {
  name: string;
  value: string;
}

export interface TemplateFormState {
  name: string;
  /** One keyword (a regex) per line. */
  keywords: string;
  fields: FieldRow[];
  /** `line_items` as form rows, or as JSON text in the advanced mode. */
  lineItems: LineItemsState;
  webhookUrl: string;
  headers: HeaderRow[];
  /** Top-level parts of the definition the form does not edit (options, tables, priority…). */
  rest: Record<string, unknown>;
}

/** What the API returns for a template (the definition plus its webhook and times). */
export interface TemplateRecord {
  id: string;
  name: string;
  keywords?: string[];
  fields?: Record<string, Record<string, unknown>>;
  line_items?: unknown[];
  webhook_url: string | null;
  webhook_headers: Record<string, string>;
  created_at: string;
  updated_at: string;
  [part: string]: unknown;
}

export const emptyRule = (): RuleRow => ({ kind: 'regex', regex: '', flags: '' });
export const emptyField = (): FieldRow => ({
  name: '',
  type: 'string',
  required: false,
  rules: [emptyRule()],
  extra: {},
});

export const EMPTY_FORM: TemplateFormState = {
  name: '',
  keywords: '',
  fields: [emptyField()],
  lineItems: { mode: 'form', lists: [] },
  webhookUrl: '',
  headers: [],
  rest: {},
};

function ruleRow(rule: Record<string, unknown>): RuleRow {
  if (typeof rule.regex === 'string' && Object.keys(rule).every((k) => k === 'regex' || k === 'flags')) {
    return { kind: 'regex', regex: rule.regex, flags: typeof rule.flags === 'string' ? rule.flags : '' };
  }
  const anchor = rule.anchor as Record<string, unknown> | undefined;
  if (anchor && Object.keys(rule).length === 1 && anchor.max_lines === undefined) {
    return {
      kind: 'anchor',
      label: String(anchor.label ?? ''),
      direction: anchor.direction === 'below' ? 'below' : 'right',
      pattern: typeof anchor.pattern === 'string' ? anchor.pattern : '',
    };
  }
  const zone = rule.zone as Record<string, unknown> | undefined;
  const box = zone?.box as Record<string, unknown> | undefined;
  if (zone && box && Object.keys(rule).length === 1) {
    const n = (v: unknown) => (typeof v === 'number' ? String(v) : '');
    return {
      kind: 'zone',
      page: n(zone.page ?? 0),
      x0: n(box.x0),
      y0: n(box.y0),
      x1: n(box.x1),
      y1: n(box.y1),
      pattern: typeof zone.pattern === 'string' ? zone.pattern : '',
    };
  }
  if (typeof rule.static === 'string' && Object.keys(rule).length === 1) {
    return { kind: 'static', value: rule.static };
  }
  return { kind: 'json', json: JSON.stringify(rule) };
}

/** A stored template → the form's rows. */
export function formFromTemplate(template: TemplateRecord): TemplateFormState {
  const {
    id: _id,
    name,
    keywords,
    fields,
    line_items,
    webhook_url,
    webhook_headers,
    created_at: _c,
    updated_at: _u,
    ...rest
  } = template;
  return {
    name,
    keywords: (keywords ?? []).join('\n'),
    fields: Object.entries(fields ?? {}).map(([fieldName, field]) => {
      const { type, required, rules, ...extra } = field;
      return {
        name: fieldName,
        type: FIELD_TYPES.includes(type as FieldType) ? (type as FieldType) : 'string',
        required: required === true,
        rules: Array.isArray(rules) ? rules.map((r) => ruleRow(r as Record<string, unknown>)) : [],
        extra,
      };
    }),
    lineItems: lineItemsState(line_items),
    webhookUrl: webhook_url ?? '',
    headers: Object.entries(webhook_headers ?? {}).map(([headerName, value]) => ({
      name: headerName,
      value,
    })),
    rest,
  };
}

function ruleBody(rule: RuleRow, where: string): Record<string, unknown> {
  switch (rule.kind) {
    case 'regex':
      if (!rule.regex) throw new FormProblem(`${where}: the regex is empty`);
      return rule.flags ? { regex: rule.regex, flags: rule.flags } : { regex: rule.regex };
    case 'anchor':
      if (!rule.label.trim()) throw new FormProblem(`${where}: the anchor needs a label`);
      return {
        anchor: {
          label: rule.label.trim(),
          direction: rule.direction,
          ...(rule.pattern ? { pattern: rule.pattern } : {}),
        },
      };
    case 'static':
      return { static: rule.value };
    case 'zone':
      return zoneBody(rule, where);
    case 'json':
      try {
        return JSON.parse(rule.json) as Record<string, unknown>;
      } catch {
        throw new FormProblem(`${where}: the rule is not valid JSON`);
      }
  }
}

/**
 * The form → the body of `POST /v1/templates` or `PATCH /v1/templates/{id}`. Throws
 * {@link FormProblem} for what the form itself can tell (the server checks the rest: regexes…).
 */
export function templateBody(form: TemplateFormState, mode: 'create' | 'update'): Record<string, unknown> {
  if (!form.name.trim()) throw new FormProblem('Name: give the template a name');
  const fields: Record<string, unknown> = {};
  for (const [index, field] of form.fields.entries()) {
    const name = field.name.trim();
    if (!name && field.rules.every((r) => r.kind === 'regex' && !r.regex)) continue; // an untouched row
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new FormProblem(`Field ${index + 1}: a name of letters, digits and _ (e.g. invoice_number)`);
    }
    if (fields[name]) throw new FormProblem(`Field ${index + 1}: "${name}" is used twice`);
    if (field.rules.length === 0) throw new FormProblem(`Field "${name}": add at least one rule`);
    fields[name] = {
      ...field.extra,
      ...(field.type === 'string' ? {} : { type: field.type }),
      ...(field.required ? { required: true } : {}),
      rules: field.rules.map((rule, r) => ruleBody(rule, `Field "${name}", rule ${r + 1}`)),
    };
  }
  const lineItems = lineItemsBody(form.lineItems);
  const headers: Record<string, string> = {};
  for (const header of form.headers) {
    if (!header.name.trim()) continue;
    headers[header.name.trim()] = header.value;
  }
  return {
    ...form.rest,
    name: form.name.trim(),
    keywords: form.keywords
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean),
    fields,
    // An update replaces each part sent: an emptied textarea must remove the stored lists.
    ...(lineItems ? { line_items: lineItems } : mode === 'update' ? { line_items: [] } : {}),
    // Creating takes no null: no URL means no webhook. Updating with null removes it.
    ...(form.webhookUrl.trim() || mode === 'update' ? { webhook_url: form.webhookUrl.trim() || null } : {}),
    webhook_headers: headers,
  };
}

/**
 * The form → a definition for `POST /v1/templates/preview`: the template without its webhook,
 * named "Untitled" until it has a name, so a preview runs from the first field typed. Throws
 * {@link FormProblem} like {@link templateBody}.
 */
export function previewDefinition(form: TemplateFormState): Record<string, unknown> {
  const {
    webhook_url: _url,
    webhook_headers: _headers,
    ...definition
  } = templateBody({ ...form, name: form.name.trim() || 'Untitled' }, 'create');
  return definition;
}
