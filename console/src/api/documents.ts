/**
 * Seed 003's documents as the console reads them: `GET /v1/documents/{id}` (any state, with the
 * analyser's proposal), validation with corrections, manual synchronisation (429 + Retry-After
 * within 30 s) and `GET /documents/{uuid}` for the integration's status history.
 */
import { type ApiClient, toApiError } from './client.ts';

export type DocumentState = 'processing' | 'to_validate' | 'verified' | 'failed';

export const DOCUMENT_TYPES = [
  'referral_letter',
  'lab_report',
  'prescription',
  'discharge_summary',
  'imaging_report',
  'consultation_note',
  'other',
] as const;

/** The analyser's patient proposal (snake_case, as the analyser writes it). */
export interface ProposedPatient {
  name?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  date_of_birth?: string | null;
  external_id?: string | null;
  external_id_type?: string | null;
  sex?: 'female' | 'male' | null;
}

/** The part of the document analysis the validation form starts from. */
export interface DocumentAnalysis {
  document_type?: string;
  confidence?: number;
  title?: string | null;
  document_date?: string | null;
  patient?: ProposedPatient | null;
}

/** One report from the integration (`POST /documents/{uuid}/status`). */
export interface IntegrationStatus {
  success: boolean;
  error: string | null;
  directory: string | null;
  path: string | null;
  reportedAt: string;
}

/** A validated document (seed 003's shape, camelCase). */
export interface ValidatedDocument {
  uuid: string;
  type: string;
  title: string | null;
  documentDate: string | null;
  synchronized: boolean;
  synchronizedAt: string | null;
  patient: {
    uuid: string;
    name: string | null;
    firstName: string | null;
    lastName: string | null;
    birthDate: string | null;
    externalId: string | null;
    externalIdType: string | null;
    sex: 'female' | 'male' | null;
  };
  integration: IntegrationStatus | null;
  validatedAt: string;
  validatedBy: string | null;
  integrationHistory?: IntegrationStatus[];
}

/** `GET /v1/documents/{id}`. */
export interface NativeDocument {
  id: string;
  state: DocumentState;
  analysis: DocumentAnalysis | null;
  error: { code: string; message: string } | null;
  document: ValidatedDocument | null;
}

/** What the professional confirms or corrects (`POST /v1/documents/{id}/validate`). */
export interface ValidationInput {
  type?: string;
  patient?: ProposedPatient;
  document_date?: string | null;
  validated_by?: string | null;
}

export function getDocument(client: ApiClient, id: string, signal?: AbortSignal): Promise<NativeDocument> {
  return client.get<NativeDocument>(`/v1/documents/${encodeURIComponent(id)}`, signal);
}

export function validateDocument(
  client: ApiClient,
  id: string,
  input: ValidationInput,
): Promise<ValidatedDocument> {
  return client.post<ValidatedDocument>(`/v1/documents/${encodeURIComponent(id)}/validate`, input);
}

/** The document with its status history (only for validated documents). */
export function getDocumentDetail(
  client: ApiClient,
  uuid: string,
  signal?: AbortSignal,
): Promise<ValidatedDocument> {
  return client.get<ValidatedDocument>(`/documents/${encodeURIComponent(uuid)}`, signal);
}

/** The outcome of asking for a synchronisation: sent, or refused for so many seconds. */
export type SyncOutcome = { sent: true; eventId: string } | { sent: false; retryAfterSeconds: number };

/** Reads a Retry-After header (seconds or an HTTP date) into whole seconds, at least 1. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (!header) return 30;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? 30 : Math.max(1, Math.ceil((at - now) / 1000));
}

/**
 * `POST /v1/documents/{id}/synchronize`. Uses fetch directly, because the 429's Retry-After header
 * is what the countdown needs and the client's error keeps only the body.
 */
export async function synchronizeDocument(client: ApiClient, id: string): Promise<SyncOutcome> {
  const response = await fetch(`${client.baseUrl}/v1/documents/${encodeURIComponent(id)}/synchronize`, {
    method: 'POST',
    headers: { ...client.authHeaders(), accept: 'application/json', 'content-type': 'application/json' },
    body: '{}',
  });
  const text = await response.text();
  if (response.status === 429) {
    return { sent: false, retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) };
  }
  if (!response.ok) throw toApiError(response.status, text);
  const answer = JSON.parse(text) as { event_id: string };
  return { sent: true, eventId: answer.event_id };
}
