/**
 * Routes that are specified (seed 002: templates and jobs; seed 003: documents, status
 * confirmation, OAuth clients) but not yet in the OpenAPI document this SDK was generated from.
 * They are written here in the generated file's shape so the client can call them today.
 * `paths.ts` lets a generated route replace its entry here automatically: once the server serves
 * the route and `npm run generate -w sdk` has run, the entry below is ignored (and can be deleted).
 */

type Json<T> = { content: { 'application/json': T } };

/** An operation: its query, JSON body and success answer(s). */
interface Operation<Query, Body, Responses> {
  parameters: { query?: Query; path?: Record<string, string> };
  requestBody: [Body] extends [never] ? never : Json<Body>;
  responses: Responses;
}

/** A template of the template platform (seed 002): fields to extract, and where results go. */
export interface PendingTemplate {
  id: string;
  name: string;
  fields: unknown[];
  webhook_url?: string | null;
  webhook_headers?: Record<string, string>;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** The fields a template is created or changed with. */
export interface PendingTemplateInput {
  name?: string;
  fields?: unknown[];
  webhook_url?: string | null;
  webhook_headers?: Record<string, string>;
  [field: string]: unknown;
}

/** What `POST /process-job` answers (seed 002). */
export interface PendingJobAccepted {
  job_id: string;
  template_id: string;
  static_values?: Record<string, unknown>;
}

/** What `GET /job-status` answers: one of seed 002's status strings (`NEW`, `PROCESSING IMAGE`, `SUCCESS`, …). */
export interface PendingJobStatus {
  job_id: string;
  template_id: string;
  status: string;
}

/** A medical document of the document synchronisation product (seed 003). */
export interface PendingDocument {
  uuid: string;
  type: string;
  state: string;
  synchronized?: boolean;
  patient?: Record<string, unknown> | null;
  pdf?: { url: string; fileName: string } | null;
  [field: string]: unknown;
}

/** `POST /documents/{uuid}/status`: the outcome of importing a document (seed 003). */
export interface PendingDocumentStatus {
  success: boolean;
  error?: string;
  directory?: string;
  path?: string;
}

/** An OAuth2 client (seed 003 integrations), its secret shown once on creation. */
export interface PendingOAuthClient {
  client_id: string;
  client_secret?: string;
  name?: string;
  scopes: string[];
  created_at?: string;
  [field: string]: unknown;
}

export interface PendingPaths {
  '/v1/templates': {
    get: Operation<
      { cursor?: string; limit?: number },
      never,
      { 200: Json<{ data: PendingTemplate[]; next_cursor?: string | null }> }
    >;
    post: Operation<never, PendingTemplateInput, { 201: Json<PendingTemplate> }>;
  };
  '/v1/templates/{id}': {
    get: Operation<never, never, { 200: Json<PendingTemplate> }>;
    patch: Operation<never, PendingTemplateInput, { 200: Json<PendingTemplate> }>;
    delete: Operation<never, never, { 204: { content?: never } }>;
  };
  '/process-job': {
    post: Operation<
      never,
      { template_id: string; actual_image: string; static_values?: Record<string, unknown> },
      { 202: Json<PendingJobAccepted> }
    >;
  };
  '/job-status': {
    get: Operation<{ job_id: string }, never, { 200: Json<PendingJobStatus> }>;
  };
  '/v1/job-results': {
    post: Operation<
      never,
      { job_id: string; result_format: 'json' | 'csv' },
      { 200: Json<unknown> & { content: { 'text/csv': string } } }
    >;
  };
  '/documents': {
    get: Operation<
      { synchronized?: boolean },
      never,
      { 200: Json<PendingDocument[] | { data: PendingDocument[] }> }
    >;
  };
  '/documents/{uuid}': {
    get: Operation<never, never, { 200: Json<PendingDocument> }>;
  };
  '/documents/{uuid}/status': {
    post: Operation<never, PendingDocumentStatus, { 200: Json<unknown> }>;
  };
  '/v1/documents/{id}/validate': {
    post: Operation<never, Record<string, unknown>, { 200: Json<PendingDocument> }>;
  };
  '/v1/documents/{id}/synchronize': {
    post: Operation<never, Record<string, unknown>, { 202: Json<unknown> }>;
  };
  '/v1/oauth-clients': {
    get: Operation<never, never, { 200: Json<{ data: PendingOAuthClient[] }> }>;
    post: Operation<never, { name: string; scopes: string[] }, { 201: Json<PendingOAuthClient> }>;
  };
}
