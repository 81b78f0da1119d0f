/**
 * The `template` analysis: read the document, pick the template (the one the job named, or the
 * application's template whose keywords match), extract, and fail clearly when nothing can be.
 */

import type { DocumentLayout, ReadDocumentOptions } from '../layout/read-document.ts';
import { readForAnalysis } from '../layout/read-for-analysis.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { AnalysisOutcome } from '../types.ts';
import { extractWithTemplate, type FieldMatch, type FieldValue, type LineItem } from './extract.ts';
import { PatternError } from './patterns.ts';
import { type StoredTemplate, selectTemplate } from './select.ts';
import { documentText } from './text.ts';

/** The options a `template` analysis is given (in `AnalysisInput.options`). */
export interface TemplateAnalysisOptions {
  /** One template when the job named one, else every template of the application to choose from. */
  templates: StoredTemplate[];
  /** Values the client sent with the job; they are copied into the fields (and win over extracted ones). */
  static_values?: Record<string, unknown>;
}

/** The result of a successful `template` analysis. */
export interface TemplateResult {
  template_id: string;
  fields: Record<string, FieldValue>;
  line_items: LineItem[];
  /** Every line-item list by name (a template may define several; `line_items` is the first). */
  line_item_lists: Record<string, LineItem[]>;
  matches: FieldMatch[];
  warnings: string[];
  /** How the text was read: the text layer, OCR, or both. */
  source: DocumentLayout['source'];
}

const fail = (code: string, message: string, pages?: number): AnalysisOutcome => ({
  ok: false,
  error: { code, message },
  ...(pages === undefined ? {} : { pages }),
});

/** Reads the options, tolerating nothing malformed (the API builds them, so this is a bug guard). */
function templateOptions(options: Record<string, unknown>): TemplateAnalysisOptions | null {
  const templates = options.templates;
  if (!Array.isArray(templates)) return null;
  const valid = templates.every(
    (t) =>
      typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.definition === 'object',
  );
  if (!valid) return null;
  const staticValues = options.static_values;
  return {
    templates: templates as StoredTemplate[],
    ...(typeof staticValues === 'object' && staticValues !== null
      ? { static_values: staticValues as Record<string, unknown> }
      : {}),
  };
}

/** Runs one analysis (see the module comment). */
export async function analyseWithTemplates(
  bytes: Uint8Array,
  mimeType: string,
  rawOptions: Record<string, unknown>,
  ocr: () => OcrEngine,
  readOptions: ReadDocumentOptions = {},
): Promise<AnalysisOutcome> {
  const options = templateOptions(rawOptions);
  if (!options)
    return fail('template_options_invalid', 'The job carries no templates; create a template first.');
  if (options.templates.length === 0) {
    return fail(
      'no_templates',
      'The application has no templates; create one or name a template_id in the job.',
    );
  }
  const read = await readForAnalysis(
    bytes,
    mimeType,
    ocr,
    readOptions,
    'The image could not be decoded; send a PDF, JPEG, PNG, WebP or TIFF file.',
  );
  if (!read.ok) return fail(read.failure.code, read.failure.message);
  const { layout } = read;
  const pages = layout.pages.length;
  const text = documentText(layout).text;
  if (text.trim() === '') {
    return fail(
      'no_text',
      'No text could be read from the document; send a sharper scan or a text PDF.',
      pages,
    );
  }
  let chosen: StoredTemplate | null;
  try {
    chosen = options.templates.length === 1 ? options.templates[0]! : selectTemplate(options.templates, text);
  } catch (error) {
    if (error instanceof PatternError) return fail('template_invalid', error.message, pages);
    throw error;
  }
  if (!chosen) {
    return fail(
      'no_template_matched',
      `None of the ${options.templates.length} templates has all its keywords in this document; name a template_id or add a template for this issuer.`,
      pages,
    );
  }
  let extraction: ReturnType<typeof extractWithTemplate>;
  try {
    extraction = extractWithTemplate(chosen.definition, layout, options.static_values);
  } catch (error) {
    if (error instanceof PatternError) return fail('template_invalid', error.message, pages);
    throw error;
  }
  if (extraction.missing_required.length > 0) {
    return fail(
      'required_fields_missing',
      `Template "${chosen.definition.name}" found no value for the required field(s) ${extraction.missing_required.join(', ')}; check the document is from this issuer or adjust the template's rules.`,
      pages,
    );
  }
  const result: TemplateResult = {
    template_id: chosen.id,
    fields: extraction.fields,
    line_items: extraction.line_items,
    line_item_lists: extraction.line_item_lists,
    matches: extraction.matches,
    warnings: extraction.warnings,
    source: layout.source,
  };
  return { ok: true, result, pages };
}
