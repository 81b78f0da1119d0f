/**
 * Seed 003's document records beside the record itself: what a healthcare professional validated
 * (type and patient), whether the customer's system confirmed importing it, and every status
 * report it sent. Also the OAuth2 clients such integrations authenticate with.
 */

/** The document types the document analyser tells apart (and a professional may correct to). */
export const MEDICAL_DOCUMENT_TYPES = [
  'referral_letter',
  'lab_report',
  'prescription',
  'discharge_summary',
  'imaging_report',
  'consultation_note',
  'other',
] as const;
export type MedicalDocumentType = (typeof MEDICAL_DOCUMENT_TYPES)[number];

/** The events a document causes (seed 003's `action`). */
export const DOCUMENT_EVENTS = {
  /** A professional validated it: it is ready to import. */
  newDocument: 'new_document',
  /** A professional asked for it to be sent (again). */
  synchronize: 'document_synchronize',
} as const;

/** The patient of a validated document, as the professional confirmed it. */
export interface DocumentPatient {
  /** Stable per application and identity: the same person on two documents gets the same uuid. */
  uuid: string;
  externalId: string | null;
  externalIdType: string | null;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  /** YYYY-MM-DD. */
  dateOfBirth: string | null;
  sex: 'female' | 'male' | null;
}

/** One status confirmation from the customer's system (`POST /documents/{uuid}/status`). */
export interface DocumentStatusReport {
  id: string;
  documentId: string;
  success: boolean;
  error: string | null;
  directory: string | null;
  path: string | null;
  reportedAt: Date;
}

/** A validated document's state; its id is its record's id (the seed's document `uuid`). */
export interface DocumentState {
  id: string;
  applicationId: string;
  /** Always `verified` once the row exists: documents still `to_validate` have none. */
  state: 'verified';
  type: MedicalDocumentType;
  patient: DocumentPatient;
  /** YYYY-MM-DD, as printed or corrected. */
  documentDate: string | null;
  /** Who validated it (seed 003's `resource_metadata.user_id`). */
  validatedBy: string | null;
  /** The customer confirmed importing it, and no failure was reported since. */
  synchronized: boolean;
  synchronizedAt: Date | null;
  /** The last manual synchronisation, for the once-per-30-s limit. */
  lastSyncRequestedAt: Date | null;
  lastReport: DocumentStatusReport | null;
  /** When it was validated. */
  createdAt: Date;
  updatedAt: Date;
}

/** An OAuth2 client of the client-credentials grant, as stored (only the secret's hash). */
export interface OAuthClient {
  /** The `client_id`. */
  id: string;
  applicationId: string;
  name: string;
  secretHash: string;
  /** The most a token of this client may carry. */
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
}
