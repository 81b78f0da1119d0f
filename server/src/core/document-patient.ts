/**
 * What a professional validates: the document analyser's proposal (read defensively from the
 * record's result, which core sees as `unknown`) with the professional's corrections on top.
 */
import { createHash } from 'node:crypto';
import { type DocumentPatient, MEDICAL_DOCUMENT_TYPES, type MedicalDocumentType } from './document-types.ts';

/** Corrections a professional may make before validating; absent fields keep the analyser's reading. */
export interface DocumentCorrections {
  type?: MedicalDocumentType;
  patient?: {
    name?: string | null;
    given_name?: string | null;
    family_name?: string | null;
    date_of_birth?: string | null;
    external_id?: string | null;
    external_id_type?: string | null;
    sex?: 'female' | 'male' | null;
  };
  document_date?: string | null;
  /** Who validates (seed 003's `resource_metadata.user_id`). */
  validated_by?: string | null;
}

/** The part of the analyser's result validation starts from. */
export interface DocumentProposal {
  type: MedicalDocumentType;
  patient: Omit<DocumentPatient, 'uuid'>;
  documentDate: string | null;
  title: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The analyser's proposal from a completed document record's result. */
export function proposalOf(result: unknown): DocumentProposal {
  const r = (result ?? {}) as Record<string, unknown>;
  const p = (r.patient ?? {}) as Record<string, unknown>;
  const type = MEDICAL_DOCUMENT_TYPES.find((t) => t === r.document_type) ?? 'other';
  const sex = p.sex === 'female' || p.sex === 'male' ? p.sex : null;
  return {
    type,
    patient: {
      externalId: text(p.external_id),
      externalIdType: text(p.external_id_type),
      name: text(p.name),
      givenName: text(p.given_name),
      familyName: text(p.family_name),
      dateOfBirth: text(p.date_of_birth),
      sex,
    },
    documentDate: text(r.document_date),
    title: text(r.title),
  };
}

/** A uuid made from a hash: the same input always gives the same uuid. */
function hashUuid(input: string): string {
  const hex = createHash('sha256').update(input).digest('hex');
  // Version 8 (custom) with the RFC 9562 variant bits.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The patient's uuid: the same for every document of the same person in one application (by the
 * external id when one is known, else by name and date of birth), so a practice system can match
 * documents to a patient it already imported. Without any identity, one per document.
 */
export function patientUuid(
  applicationId: string,
  documentId: string,
  patient: Omit<DocumentPatient, 'uuid'>,
): string {
  const fold = (s: string | null) => (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  if (patient.externalId) return hashUuid(`${applicationId}|id|${fold(patient.externalId)}`);
  const who = [fold(patient.familyName ?? patient.name), fold(patient.givenName), patient.dateOfBirth ?? ''];
  if (who[0] && who[2]) return hashUuid(`${applicationId}|who|${who.join('|')}`);
  return hashUuid(`${applicationId}|document|${documentId}`);
}

/** The validated type, patient and date: the proposal with the corrections applied. */
export function applyCorrections(
  applicationId: string,
  documentId: string,
  proposal: DocumentProposal,
  corrections: DocumentCorrections,
): { type: MedicalDocumentType; patient: DocumentPatient; documentDate: string | null } {
  const c = corrections.patient ?? {};
  const pick = <T>(given: T | undefined, proposed: T): T => (given === undefined ? proposed : given);
  const givenName = pick(c.given_name, proposal.patient.givenName);
  const familyName = pick(c.family_name, proposal.patient.familyName);
  const namesChanged = c.given_name !== undefined || c.family_name !== undefined;
  const joined = [givenName, familyName].filter(Boolean).join(' ') || null;
  const patient = {
    externalId: pick(c.external_id, proposal.patient.externalId),
    externalIdType: pick(
      c.external_id_type,
      c.external_id !== undefined ? null : proposal.patient.externalIdType,
    ),
    name: c.name !== undefined ? c.name : namesChanged ? joined : proposal.patient.name,
    givenName,
    familyName,
    dateOfBirth: pick(c.date_of_birth, proposal.patient.dateOfBirth),
    sex: pick(c.sex, proposal.patient.sex),
  };
  return {
    type: corrections.type ?? proposal.type,
    patient: { uuid: patientUuid(applicationId, documentId, patient), ...patient },
    documentDate: pick(corrections.document_date, proposal.documentDate),
  };
}
