/**
 * The tables Docket keeps, as Kysely sees them. Shared by the SQLite and PostgreSQL adapters:
 * times are epoch milliseconds, JSON is text, booleans are 0/1, so the same queries run on both.
 */
import type { Generated } from 'kysely';

export interface ApplicationsTable {
  id: string;
  /** Stable integer id (seed 001's `application_id`), from `application_numbers`. */
  number: number;
  name: string;
  /** JSON array of `{key, created_at, expires_at}`. */
  signing_keys: string;
  created_at: number;
}

/** Hands out application numbers: a sequence (PostgreSQL) or AUTOINCREMENT (SQLite), never reused. */
export interface ApplicationNumbersTable {
  number: Generated<number>;
  application_id: string;
}

export interface ApiKeysTable {
  id: string;
  application_id: string;
  prefix: string;
  hash: string;
  name: string;
  /** JSON array of scopes; null: unrestricted. */
  scopes: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface RecordsTable {
  id: string;
  application_id: string;
  kind: string;
  status: string;
  stage: string | null;
  mime_type: string;
  filename: string | null;
  size_bytes: number;
  blob_key: string | null;
  application_user_id: string | null;
  /** The application's number, copied when the record is written (its webhooks carry it). */
  application_number: number;
  options: string;
  result: string | null;
  error: string | null;
  pages: number | null;
  parent_id: string | null;
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  /** When the worker deleted the uploaded file, and why (`retention`, `delivered`, …). */
  file_deleted_at: number | null;
  file_deleted_reason: string | null;
  /** When the result was deleted by retention. */
  result_deleted_at: number | null;
}

/** An application's own queue cap and retention policy; null columns take the instance default. */
export interface ApplicationSettingsTable {
  application_id: string;
  queue_cap: number | null;
  /** 0/1. */
  delete_file_after_delivery: number | null;
  file_retention_days: number | null;
  result_retention_days: number | null;
  updated_at: number;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  application_id: string;
  type: string;
  record_id: string | null;
  data: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  application_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  created_at: number;
}

export interface TasksTable {
  id: string;
  type: string;
  payload: string;
  /** `ready` | `leased` | `dead` (done tasks are deleted). */
  state: string;
  run_at: number;
  attempts: number;
  lease_token: number;
  leased_until: number | null;
  idempotency_key: string | null;
  last_error: string | null;
  created_at: number;
  /** Whose work it is (the application), for claims in turn across lanes; `''` for none. */
  lane: Generated<string>;
}

export interface EndpointsTable {
  id: string;
  application_id: string;
  url: string;
  description: string;
  /** JSON array of event types; empty = every event of its product (every product's when unbound). */
  events: string;
  product: string | null;
  resource_id: string | null;
  active: number;
  /** JSON object of extra request headers. */
  headers: string;
  /** JSON retry policy (preset name or `{delays_ms}`), or null for the kind's preset. */
  retry_policy: string | null;
  timeout_ms: number;
  secret: string | null;
  disabled_reason: string | null;
  /** When the current run of failures began; null while the endpoint is healthy. */
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveriesTable {
  id: string;
  application_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  product: string | null;
  record_id: string | null;
  /** The retry preset of the event's product, used when the endpoint sets no policy. */
  retry_preset: string;
  /** `pending` | `succeeded` | `failed`. */
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  number: number;
  started_at: number;
  status_code: number | null;
  latency_ms: number;
  outcome: string;
  error: string | null;
  response_excerpt: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface DocumentsTable {
  id: string;
  application_id: string;
  state: string;
  type: string;
  /** JSON of the validated patient. */
  patient: string;
  document_date: string | null;
  validated_by: string | null;
  synchronized: number;
  synchronized_at: number | null;
  last_sync_requested_at: number | null;
  /** JSON of the last status report. */
  last_report: string | null;
  created_at: number;
  updated_at: number;
}

export interface DocumentStatusReportsTable {
  id: string;
  document_id: string;
  application_id: string;
  success: number;
  error: string | null;
  directory: string | null;
  path: string | null;
  reported_at: number;
}

export interface OAuthClientsTable {
  id: string;
  application_id: string;
  name: string;
  secret_hash: string;
  /** JSON array. */
  scopes: string;
  created_at: number;
  revoked_at: number | null;
}

export interface SecretsTable {
  name: string;
  value: string;
  created_at: number;
}

/** Seed 002's templates; `definition` is the engine's template definition as JSON text. */
export interface TemplatesTable {
  id: string;
  application_id: string;
  name: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/** An application's optional ceiling on template credits (absent: no limit). */
export interface CreditLimitsTable {
  application_id: string;
  credit_limit: number;
  updated_at: number;
}

/** A small blob stored in the database (see sqlite/inline-blob-store.ts). */
export interface InlineBlobsTable {
  key: string;
  data: Uint8Array;
}

export interface Database {
  inline_blobs: InlineBlobsTable;
  templates: TemplatesTable;
  credit_limits: CreditLimitsTable;
  documents: DocumentsTable;
  document_status_reports: DocumentStatusReportsTable;
  oauth_clients: OAuthClientsTable;
  secrets: SecretsTable;
  application_settings: ApplicationSettingsTable;
  rate_limits: RateLimitsTable;
  endpoints: EndpointsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  applications: ApplicationsTable;
  application_numbers: ApplicationNumbersTable;
  api_keys: ApiKeysTable;
  records: RecordsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  tasks: TasksTable;
}

export type SqlDialectName = 'sqlite' | 'postgres';
