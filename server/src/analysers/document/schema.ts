/**
 * The `document` analyser's result: the single source of truth for its shape (TypeBox), from which
 * the TypeScript types below are derived. Profiles (seed 003's `/documents`) map it to their own
 * wire shape; the analyser itself only ever returns values that validate against this schema.
 */
import { type Static, Type } from 'typebox';

/** The document types the classifier tells apart; `other` when none is confident. */
export const DOCUMENT_TYPES = [
  'referral_letter',
  'lab_report',
  'prescription',
  'discharge_summary',
  'imaging_report',
  'consultation_note',
  'other',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The languages the analyser reads cues, labels and dates in (ISO 639-1). */
export const DOCUMENT_LANGUAGES = ['en', 'fr', 'de', 'nl', 'es'] as const;

export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Confidence = Type.Number({ minimum: 0, maximum: 1 });

/** Where one extracted value came from: the printed text and how sure the reader is of it. */
export const FieldEvidenceSchema = Type.Object({
  confidence: Confidence,
  /** The line (or part of it) the value was read from, as printed. */
  source: Type.String(),
});

/** Every identifier printed for the patient, with its kind and checksum verdict. */
export const PatientIdentifierSchema = Type.Object({
  /** e.g. `nhs_number`, `bsn`, `niss`, `nir`, `kvnr`, `dni`, `mrn`, `patient_number`. */
  type: Type.String(),
  value: Type.String(),
  /** true/false when the format defines a checksum, null when it has none. */
  checksum_valid: Nullable(Type.Boolean()),
  label: Type.String(),
});

export const PatientSchema = Type.Object({
  /** The full name as printed, without honorifics (e.g. `Marie DUPONT`). */
  name: Nullable(Type.String()),
  given_name: Nullable(Type.String()),
  family_name: Nullable(Type.String()),
  date_of_birth: Nullable(IsoDate),
  /** The patient identifier chosen for matching: a checksum-valid national number first, else a record number. */
  external_id: Nullable(Type.String()),
  external_id_type: Nullable(Type.String()),
  sex: Nullable(Type.Union([Type.Literal('female'), Type.Literal('male')])),
  /** 0..1: how sure the reader is of the identity as a whole (name and date of birth weigh most). */
  confidence: Confidence,
  identifiers: Type.Array(PatientIdentifierSchema),
});

export const DocumentScoresSchema = Type.Object(
  Object.fromEntries(DOCUMENT_TYPES.map((t) => [t, Confidence])) as Record<DocumentType, typeof Confidence>,
);

export const DocumentAnalysisSchema = Type.Object({
  document_type: Type.Enum(DOCUMENT_TYPES),
  /** 0..1: the classifier's probability for `document_type`. */
  confidence: Confidence,
  /** The probability of every type (they sum to 1). */
  scores: DocumentScoresSchema,
  /** The strongest evidence for the chosen type, e.g. `referral_letter: "I would be grateful if you could see"`. */
  cues: Type.Array(Type.String()),
  patient: PatientSchema,
  /** The date the document was written or reported (not the date of birth, not an admission date). */
  document_date: Nullable(IsoDate),
  /** The document's heading, when one is printed. */
  title: Nullable(Type.String()),
  language: Nullable(Type.Enum(DOCUMENT_LANGUAGES)),
  page_count: Type.Integer({ minimum: 0 }),
  /** The first characters of the document's text, for a reviewer's list view. */
  text_excerpt: Type.String(),
  /** Where each identity field and the document date were read from; null when not found. */
  evidence: Type.Object({
    name: Nullable(FieldEvidenceSchema),
    date_of_birth: Nullable(FieldEvidenceSchema),
    external_id: Nullable(FieldEvidenceSchema),
    sex: Nullable(FieldEvidenceSchema),
    document_date: Nullable(FieldEvidenceSchema),
  }),
  /** `text` when read from the PDF text layer, `ocr` for scans and photos, `mixed` for both. */
  text_source: Type.Union([Type.Literal('text'), Type.Literal('ocr'), Type.Literal('mixed')]),
});

export type FieldEvidence = Static<typeof FieldEvidenceSchema>;
export type PatientIdentifier = Static<typeof PatientIdentifierSchema>;
export type Patient = Static<typeof PatientSchema>;
export type DocumentScores = Static<typeof DocumentScoresSchema>;
export type DocumentAnalysis = Static<typeof DocumentAnalysisSchema>;
