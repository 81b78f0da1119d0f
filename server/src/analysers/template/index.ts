/**
 * The `template` analyser: user-defined templates (regex, anchor, zone and static rules, line
 * items, tables) over layout-preserving text from text PDFs and OCR; invoice2data templates import.
 * The exported names are a contract with the templates API; do not rename them.
 */

import { readOptionsOf } from '../layout/read-for-analysis.ts';
import { type LazyOcrOptions, lazyOcr } from '../ocr/lazy-engine.ts';
import type { Analyser, AnalyserInput, AnalysisOutcome } from '../types.ts';
import { analyseWithTemplates } from './analyse.ts';

export type { TemplateAnalysisOptions, TemplateResult } from './analyse.ts';
export {
  FieldDefinition,
  FieldRule,
  FieldType,
  LineBlock,
  LineItemsDefinition,
  TableDefinition,
  TemplateDefinition,
  TemplateOptions,
} from './definition.ts';
export type { FieldMatch, FieldValue, LineItem, TemplateExtraction } from './extract.ts';
export { extractWithTemplate } from './extract.ts';
export { importInvoice2data, TemplateImportError } from './invoice2data.ts';
export { PatternError } from './patterns.ts';
export { RegexTranslationError, translatePythonRegex } from './python-regex.ts';
export { type StoredTemplate, selectTemplate, templateMatches } from './select.ts';
export { validateTemplate } from './validate.ts';

/** Options for {@link createTemplateAnalyser}: where its OCR engine comes from. */
export type TemplateAnalyserOptions = LazyOcrOptions;

/**
 * Builds the `template` analyser. `AnalysisInput.options` is a {@link TemplateAnalysisOptions}.
 * OCR starts only when a scan or photo arrives.
 */
export function createTemplateAnalyser(
  options: TemplateAnalyserOptions = {},
): Analyser & { close(): Promise<void> } {
  const { ocr, close } = lazyOcr(options);
  return {
    kind: 'template',
    analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
      return analyseWithTemplates(input.bytes, input.mimeType, input.options, ocr, readOptionsOf(input));
    },
    close,
  };
}
