/**
 * One medical document, end to end: read it (text layer or OCR), classify it, extract the patient's
 * identity and the document's date, and assemble the result the schema describes.
 */
import type { ReadDocumentOptions } from '../layout/read-document.ts';
import { readForAnalysis } from '../layout/read-for-analysis.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { AnalysisOutcome } from '../types.ts';
import { birthDate, type DateContext } from './birth-date.ts';
import { classify } from './classify.ts';
import { numericOrder } from './dates.ts';
import { documentDate } from './document-date.ts';
import { findFields } from './fields.ts';
import { chooseExternalId, findIdentifiers } from './identifiers.ts';
import { detectLanguage } from './language.ts';
import { patientName } from './patient-name.ts';
import type { DocumentAnalysis } from './schema.ts';
import { patientSex } from './sex.ts';
import { type DocText, documentText, excerpt } from './text.ts';
import { documentTitle } from './title.ts';

/** Letters a document must yield before it is analysed; fewer is `no_text`. */
const MIN_LETTERS = 20;

/** Analyses a document already reduced to text: the part of the analyser that needs no PDF. */
export function analyseText(
  doc: DocText,
  pageCount: number,
  source: DocumentAnalysis['text_source'],
): DocumentAnalysis {
  const language = detectLanguage(doc.text);
  const ctx: DateContext = {
    languages: language ? [language] : ['fr', 'de', 'nl', 'es'],
    order: numericOrder(doc.text),
  };
  const fields = findFields(doc.lines);
  const classification = classify(doc);
  const name = patientName(doc.lines, fields, language);
  const dobFirst = birthDate(doc.lines, fields, ctx);
  const docDate = documentDate(doc.lines, fields, ctx, dobFirst?.iso ?? null);
  const dob = birthDate(doc.lines, fields, ctx, docDate?.iso ?? null);
  const ids = findIdentifiers(fields);
  const externalId = chooseExternalId(ids);
  const sex = patientSex(fields, language, name ? { sex: name.honorificSex, source: name.source } : null);
  const title = documentTitle(doc.lines);

  // The identity as a whole: the name counts most, then the date of birth, then an identifier.
  const identity =
    (name?.confidence ?? 0) * 0.5 + (dob?.confidence ?? 0) * 0.3 + (externalId?.confidence ?? 0) * 0.2;

  return {
    document_type: classification.type,
    confidence: classification.confidence,
    scores: classification.scores,
    cues: classification.cues,
    patient: {
      name: name?.full ?? null,
      given_name: name?.given ?? null,
      family_name: name?.family ?? null,
      date_of_birth: dob?.iso ?? null,
      external_id: externalId?.value ?? null,
      external_id_type: externalId?.type ?? null,
      sex: sex?.value ?? null,
      confidence: Math.round(identity * 100) / 100,
      identifiers: ids.map(({ type, value, checksum_valid, label }) => ({
        type,
        value,
        checksum_valid,
        label,
      })),
    },
    document_date: docDate?.iso ?? null,
    title: title?.text ?? null,
    language,
    page_count: pageCount,
    text_excerpt: excerpt(doc.text),
    evidence: {
      name: name ? { confidence: name.confidence, source: name.source } : null,
      date_of_birth: dob ? { confidence: dob.confidence, source: dob.source } : null,
      external_id: externalId ? { confidence: externalId.confidence, source: externalId.source } : null,
      sex: sex ? { confidence: sex.confidence, source: sex.source } : null,
      document_date: docDate ? { confidence: docDate.confidence, source: docDate.source } : null,
    },
    text_source: source,
  };
}

/**
 * Analyses one medical document (PDF, or a photo/scan image) into {@link DocumentAnalysis}, or a
 * failure a person can act on: `pdf_encrypted`, `pdf_corrupt`, `image_unreadable`, `no_text`.
 */
export async function analyseDocument(
  bytes: Uint8Array,
  mimeType: string,
  ocr: () => OcrEngine,
  readOptions: ReadDocumentOptions = {},
): Promise<AnalysisOutcome> {
  const read = await readForAnalysis(
    bytes,
    mimeType,
    ocr,
    readOptions,
    'The image could not be decoded; upload a JPEG, PNG, WebP or TIFF scan or photo of the document.',
  );
  if (!read.ok) return { ok: false, error: read.failure };
  const { layout } = read;
  const pageCount = layout.pages.length;
  const doc = documentText(layout.pages);
  if ((doc.text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) {
    return {
      ok: false,
      error: {
        code: 'no_text',
        message:
          layout.source === 'text'
            ? 'No text could be read from this document; check that it is not blank.'
            : 'No text could be read from this scan or photo; upload a sharper, well-lit, straight image or the original PDF.',
      },
      pages: pageCount,
    };
  }
  return { ok: true, result: analyseText(doc, pageCount, layout.source), pages: pageCount };
}
