/** Internal record states. Profiles map them to each seed's own strings. */
export const RECORD_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export function isTerminal(status: RecordStatus): boolean {
  return status === 'completed' || status === 'failed';
}

/** A tenant. Every record, key and endpoint belongs to exactly one application. */
export interface Application {
  id: string;
  /**
   * A stable integer id, assigned by the store when the application is created and never reused:
   * seed 001's webhooks carry it as `application_id` (its receivers read an int64).
   */
  number: number;
  name: string;
  createdAt: Date;
}

/** A webhook signing key (`whsec_…`); during rotation two are active until the old one expires. */
export interface SigningKey {
  key: string;
  createdAt: Date;
  /** `null` while the key is current; set when a rotation schedules its retirement. */
  expiresAt: Date | null;
}

/** An API key as stored: only its SHA-256 hash and a short prefix to recognise it by. */
export interface ApiKey {
  id: string;
  applicationId: string;
  prefix: string;
  hash: string;
  name: string;
  /** What the key may do (`read:documents`, …); `null`: everything (a key without restrictions). */
  scopes: string[] | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Why a record failed, in words a person can act on. */
export interface RecordError {
  code: string;
  message: string;
}

/** One uploaded file and everything Docket knows about its analysis. */
export interface DocketRecord {
  id: string;
  applicationId: string;
  /** Which analyser handles it: `text`, `lab_report`, `nutrition`, … */
  kind: string;
  status: RecordStatus;
  /** Finer detail while processing (`analysing`, `ocr`, `unzipping`, …); profiles map it. */
  stage: string | null;
  mimeType: string;
  filename: string | null;
  sizeBytes: number;
  /** Where the upload lives in the blob store; `null` once it has been deleted. */
  blobKey: string | null;
  /** The customer's own user id (seeds 000/001). */
  applicationUserId: string | null;
  /** Its application's {@link Application.number}, copied when the record is written. */
  applicationNumber: number;
  /** Kind-specific options from the upload. */
  options: Record<string, unknown>;
  result: unknown;
  error: RecordError | null;
  pages: number | null;
  /** Set on the children of a ZIP batch. */
  parentId: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** When the uploaded file was deleted (retention, delivery), and why; `null` while it is kept. */
  fileDeletedAt: Date | null;
  fileDeletedReason: string | null;
  /** When the result was deleted by retention; `null` while it is kept. */
  resultDeletedAt: Date | null;
}

/**
 * An application's own limits and retention policy. `null` means the instance default
 * (DOCKET_QUEUE_CAP_PER_APPLICATION, DOCKET_DELETE_FILE_AFTER_DELIVERY, …).
 */
export interface ApplicationSettings {
  /** Most records it may have queued or processing; 0 turns the cap off. */
  queueCap: number | null;
  /** Delete each file once its result has been delivered (no webhook pending). */
  deleteFileAfterDelivery: boolean | null;
  /** Delete each file this many days after its record finished; 0 keeps files. */
  fileRetentionDays: number | null;
  /** Delete each result this many days after its record finished; 0 keeps results. */
  resultRetentionDays: number | null;
}

/** Settings with every default filled in. */
export type EffectiveSettings = { [K in keyof ApplicationSettings]: NonNullable<ApplicationSettings[K]> };

/**
 * Something that happened, written in the same transaction as the change that caused it
 * (transactional outbox). Webhook deliveries and the event log are built from these.
 */
export interface DocketEvent {
  id: string;
  /** Monotonic position, for cursors; assigned by the store. */
  seq: number;
  applicationId: string;
  type: string;
  recordId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Event types the core emits. Later modules add their own. */
export const EVENT_TYPES = {
  recordCompleted: 'record.completed',
  recordFailed: 'record.failed',
} as const;

/** Where an application's events are pushed. */
export interface Endpoint {
  id: string;
  applicationId: string;
  url: string;
  description: string;
  /** Event types delivered here; empty means every event of its product (of every product when unbound). */
  events: string[];
  /** The product it is bound to (`templates`, `documents`, …): it gets no other product's events. */
  product: string | null;
  /** The resource within the product it is bound to (seed 002: the template whose webhook it is). */
  resourceId: string | null;
  active: boolean;
  /** Extra request headers, e.g. for the receiver's own authentication (seed 002). */
  headers: Record<string, string>;
  /** A preset name or `{delays_ms}`; `null` picks the preset of the event's product. */
  retryPolicy: unknown;
  timeoutMs: number;
  /** Per-endpoint signing key (`whsec_…`) used instead of the application's, when set. */
  secret: string | null;
  /** Why Docket disabled it (410 Gone, five days of failures); `null` otherwise. */
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * `failed` deliveries form the failure queue; `cancelled` ones were stopped because the customer
 * already had what they carried (e.g. it confirmed the document synchronised).
 */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event on its way to one endpoint. `failed` deliveries form the failure queue. */
export interface Delivery {
  id: string;
  applicationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The product of the event's record (its hooks and attempt renderer apply); `null` for none. */
  product: string | null;
  /** The record the event is about, if any. */
  recordId: string | null;
  /** Retry preset of the event's product (`lab_reports`, `nutrition`, …) for endpoints without a policy. */
  retryPreset: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The log line of one delivery attempt. */
export interface DeliveryAttempt {
  id: string;
  deliveryId: string;
  number: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  outcome: 'success' | 'failure';
  error: string | null;
  /** First 4 KB of the response body. */
  responseExcerpt: string | null;
}

/**
 * A template of the template platform (seed 002): what to extract from a document. Its
 * definition is the template engine's (fields, locating rules, line items, options); the core
 * keeps it as given. Its webhook is an endpoint bound to product `templates` and the template's id.
 */
export interface Template {
  id: string;
  applicationId: string;
  name: string;
  definition: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}
