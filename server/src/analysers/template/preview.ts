/**
 * The template engine as the core's {@link TemplateEvaluator}: reads a sample once (text layer or
 * OCR, as a job would) and applies definitions to that reading, for the editor's live preview.
 * The same functions as a job's analysis run here, so a preview shows what a job would extract.
 */
import type { AnalysisLimits } from '../../core/ports.ts';
import type { ReadSample, SampleReading, TemplateEvaluator } from '../../core/template-preview.ts';
import type { DocumentLayout } from '../layout/read-document.ts';
import { AnalysisLimitError } from '../limits/failures.ts';
import type { LazyOcr, LazyOcrOptions } from '../ocr/lazy-engine.ts';
import type { TemplateDefinition } from './definition.ts';
import { PatternError } from './patterns.ts';
import { templateMatches } from './select.ts';
import { documentText } from './text.ts';
import { validateTemplate } from './validate.ts';

/** A sample's reading: its layout and the text keywords are matched against. */
interface LayoutSample extends ReadSample {
  layout: DocumentLayout;
  text: string;
}

export interface TemplateEvaluatorOptions extends LazyOcrOptions {
  /**
   * A job's limits (pages, OCR pages, image pixels), checked before a sample is read: it is read
   * on the API process, so a sample a job would refuse is refused here too.
   */
  limits?: AnalysisLimits;
}

const unreadable = (code: string, message: string): SampleReading<LayoutSample> => ({
  ok: false,
  code,
  message,
});

/**
 * Builds the evaluator. The document readers (pdfjs, OCR) are loaded on the first sample, so a
 * server that never previews never loads them.
 */
export function createTemplateEvaluator(
  options: TemplateEvaluatorOptions = {},
): TemplateEvaluator<LayoutSample> & { close(): Promise<void> } {
  let engine: LazyOcr | null = null;
  // The extraction (and its date parser's many locale modules) is loaded with the readers: a
  // sample only exists once read() has run, so evaluate() always finds it loaded.
  let extractor: typeof import('./extract.ts') | null = null;
  return {
    async close() {
      await engine?.close();
      engine = null;
    },

    problems(definition) {
      try {
        return validateTemplate(definition as TemplateDefinition);
      } catch (error) {
        if (error instanceof PatternError) return [error.message];
        throw error;
      }
    },

    async read(bytes, mimeType) {
      const [{ readForAnalysis }, { pageBounds, preflight }, { lazyOcr }, extraction] = await Promise.all([
        import('../layout/read-for-analysis.ts'),
        import('../limits/preflight.ts'),
        import('../ocr/lazy-engine.ts'),
        import('./extract.ts'),
      ]);
      extractor ??= extraction;
      engine ??= lazyOcr(options);
      const { limits } = options;
      if (limits) {
        const input = { kind: 'template', bytes, mimeType, filename: null, options: {} };
        const failure = await preflight(input, limits);
        if (failure) return unreadable(failure.code, failure.message);
      }
      let read: Awaited<ReturnType<typeof readForAnalysis>>;
      try {
        read = await readForAnalysis(
          bytes,
          mimeType,
          engine.ocr,
          pageBounds(limits),
          'The sample image could not be decoded; use a PDF, JPEG, PNG, WebP or TIFF file.',
        );
      } catch (error) {
        if (error instanceof AnalysisLimitError) return unreadable(error.failure.code, error.failure.message);
        throw error;
      }
      if (!read.ok) return unreadable(read.failure.code, read.failure.message);
      const { layout } = read;
      const text = documentText(layout).text;
      if (text.trim() === '') {
        return unreadable(
          'no_text',
          'No text could be read from the sample; use a sharper scan or a text PDF.',
        );
      }
      return { ok: true, sample: { layout, text, pages: layout.pages.length, source: layout.source } };
    },

    evaluate(raw, sample) {
      const definition = raw as TemplateDefinition;
      if (!extractor) throw new Error('evaluate() was given a sample this evaluator did not read');
      let extraction: ReturnType<typeof extractor.extractWithTemplate>;
      try {
        extraction = extractor.extractWithTemplate(definition, sample.layout);
      } catch (error) {
        // A pattern only the text it runs on can break (a replace option, say): the definition's fault.
        if (error instanceof PatternError) return { problems: [error.message] };
        throw error;
      }
      return {
        fields: extraction.fields,
        line_items: extraction.line_item_lists,
        matches: extraction.matches,
        missing_required: extraction.missing_required,
        warnings: extraction.warnings,
        keywords_match: templateMatches(definition, sample.text),
      };
    },
  };
}
