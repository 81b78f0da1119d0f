/**
 * The template format: the ONE schema for a template's definition. The API validates CRUD bodies
 * with it and publishes it in OpenAPI; the engine reads it; the invoice2data importer produces it.
 * Regular expressions here use JavaScript syntax (the importer translates Python's).
 */
import { type Static, Type } from 'typebox';

/** How a found text is turned into a value. */
export const FieldType = Type.Union(
  [
    Type.Literal('string'),
    Type.Literal('number'),
    Type.Literal('money'),
    Type.Literal('date'),
    Type.Literal('boolean'),
  ],
  {
    description:
      'string (as found), number, money (a number with separators and currency), date (ISO), boolean',
  },
);
export type FieldType = Static<typeof FieldType>;

const Pattern = Type.String({
  minLength: 1,
  description: 'A JavaScript regular expression (source only); the first capture group is the value',
});

/** A regex over the layout-preserving text of the whole document. */
export const RegexRule = Type.Object(
  {
    regex: Pattern,
    flags: Type.Optional(Type.String({ pattern: '^[imsu]*$', description: 'Extra flags: i, m, s, u' })),
  },
  { additionalProperties: false },
);

/** The value printed to the right of, or below, a label. */
export const AnchorRule = Type.Object(
  {
    anchor: Type.Object(
      {
        label: Type.String({
          minLength: 1,
          description: 'The label text (case-insensitive, spaces flexible)',
        }),
        direction: Type.Union([Type.Literal('right'), Type.Literal('below')]),
        pattern: Type.Optional(
          Type.String({ description: 'Regex the value must match (first group or whole)' }),
        ),
        max_lines: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 20,
            description: 'How many lines below to look (below only); default 3',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** The text inside a page zone, a box in normalised page coordinates (0..1, origin top-left). */
export const ZoneRule = Type.Object(
  {
    zone: Type.Object(
      {
        page: Type.Optional(
          Type.Integer({
            description: 'Zero-based page; negative counts from the end (-1 = last); default 0',
          }),
        ),
        box: Type.Object(
          {
            x0: Type.Number({ minimum: 0, maximum: 1 }),
            y0: Type.Number({ minimum: 0, maximum: 1 }),
            x1: Type.Number({ minimum: 0, maximum: 1 }),
            y1: Type.Number({ minimum: 0, maximum: 1 }),
          },
          { additionalProperties: false },
        ),
        pattern: Type.Optional(
          Type.String({ description: 'Regex applied to the zone text (first group or whole)' }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** A constant: always this value. */
export const StaticRule = Type.Object(
  { static: Type.Union([Type.String(), Type.Number(), Type.Boolean()]) },
  { additionalProperties: false },
);

export const FieldRule = Type.Union([RegexRule, AnchorRule, ZoneRule, StaticRule]);
export type FieldRule = Static<typeof FieldRule>;

/** One output field and how to find it. */
export const FieldDefinition = Type.Object(
  {
    type: Type.Optional(FieldType),
    rules: Type.Array(FieldRule, { minItems: 1, description: 'Tried in order; see `group` for combining' }),
    group: Type.Optional(
      Type.Union(
        [
          Type.Literal('first'),
          Type.Literal('last'),
          Type.Literal('sum'),
          Type.Literal('min'),
          Type.Literal('max'),
          Type.Literal('join'),
          Type.Literal('all'),
        ],
        {
          description:
            'How several matches combine. Default: the first rule that finds something wins, and its distinct values make a list when there are several. `all` collects every rule’s matches (invoice2data semantics).',
        },
      ),
    ),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FieldDefinition = Static<typeof FieldDefinition>;

/** A line-item block: rows between a start and an end marker. */
export const LineBlock = Type.Object(
  {
    start: Pattern,
    end: Pattern,
    line: Type.Array(Pattern, {
      minItems: 1,
      description: 'Row patterns with named groups; a row that matches one continues the current item',
    }),
    first_line: Type.Optional(Type.Array(Pattern, { description: 'Patterns that start a new item' })),
    last_line: Type.Optional(Type.Array(Pattern, { description: 'Patterns that end the current item' })),
    skip_line: Type.Optional(Type.Array(Pattern, { description: 'Lines to ignore' })),
    types: Type.Optional(Type.Record(Type.String(), FieldType)),
  },
  { additionalProperties: false },
);
export type LineBlock = Static<typeof LineBlock>;

/** A named list of line items, from one or more blocks. */
export const LineItemsDefinition = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Key of the list in the result (e.g. line_items)' }),
    blocks: Type.Array(LineBlock, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type LineItemsDefinition = Static<typeof LineItemsDefinition>;

const TableGroup = Type.Union([
  Type.Literal('first'),
  Type.Literal('last'),
  Type.Literal('sum'),
  Type.Literal('min'),
  Type.Literal('max'),
  Type.Literal('join'),
]);

/** A region between two markers whose lines give fields by named groups (invoice2data `tables`). */
export const TableDefinition = Type.Object(
  {
    start: Pattern,
    end: Pattern,
    body: Type.Array(Pattern, { minItems: 1 }),
    types: Type.Optional(Type.Record(Type.String(), FieldType)),
    groups: Type.Optional(
      Type.Record(Type.String(), TableGroup, {
        description: 'How a field found on several lines combines; default: a list of the values',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TableDefinition = Static<typeof TableDefinition>;

export const TemplateOptions = Type.Object(
  {
    decimal_separator: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
    date_formats: Type.Optional(
      Type.Array(Type.String(), { description: 'strftime-style formats tried first, e.g. %d.%m.%Y' }),
    ),
    languages: Type.Optional(Type.Array(Type.String(), { description: 'ISO 639-1 codes for month names' })),
    date_order: Type.Optional(
      Type.Union([Type.Literal('DMY'), Type.Literal('MDY')], {
        description:
          'Order of numeric dates like 03/04/2024. Default: MDY when the languages are English or unset (as dateparser does), else DMY; dotted dates are always DMY; an impossible order falls back to the other',
      }),
    ),
    currency: Type.Optional(Type.String({ description: 'ISO 4217 code reported as the `currency` field' })),
    replace: Type.Optional(
      Type.Array(Type.Tuple([Type.String(), Type.String()]), {
        description: 'Regex → replacement pairs applied to the text before extraction ($1, $<name>)',
      }),
    ),
    remove_whitespace: Type.Optional(Type.Boolean()),
    remove_accents: Type.Optional(Type.Boolean()),
    lowercase: Type.Optional(Type.Boolean()),
    required_fields: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type TemplateOptions = Static<typeof TemplateOptions>;

/** A whole template. */
export const TemplateDefinition = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    issuer: Type.Optional(Type.String({ description: 'Reported as the `issuer` field when set' })),
    keywords: Type.Array(Type.String({ minLength: 1 }), {
      description: 'Regexes that must ALL occur in the text for the template to be chosen automatically',
    }),
    exclude_keywords: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    priority: Type.Optional(
      Type.Integer({ description: 'Higher wins when several templates match; default 5' }),
    ),
    fields: Type.Record(Type.String({ minLength: 1 }), FieldDefinition),
    line_items: Type.Optional(Type.Array(LineItemsDefinition)),
    tables: Type.Optional(Type.Array(TableDefinition)),
    options: Type.Optional(TemplateOptions),
  },
  { additionalProperties: false },
);
export type TemplateDefinition = Static<typeof TemplateDefinition>;
