import type { FastifyRequest } from 'fastify';
import type { ApplicationSettingsService } from '../core/application-settings.ts';
import type { CredentialService } from '../core/credentials.ts';
import type { DocumentService } from '../core/documents.ts';
import type { DocketRecord } from '../core/domain.ts';
import { DocketError } from '../core/errors.ts';
import type { IntakeService, Submission } from '../core/intake.ts';
import type { OAuthService } from '../core/oauth.ts';
import type { BlobStore, Clock, Store } from '../core/ports.ts';
import type { RecordWatcher } from '../core/record-watcher.ts';
import type { TemplateJobs } from '../core/template-jobs.ts';
import type { TemplatePreviews } from '../core/template-preview.ts';
import type { TemplateService } from '../core/templates.ts';
import type { DeliveryService } from '../webhooks/delivery-service.ts';
import type { EndpointService } from '../webhooks/endpoint-service.ts';
import { type HttpAnswer, type IdempotencyGuard, idempotencyKeyOf } from './idempotency.ts';
import { decodeBase64 } from './upload.ts';

/** What every route module (each product's routes) is given by the composition root. */
export interface HttpContext {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  intake: IntakeService;
  watcher: RecordWatcher;
  idempotency: IdempotencyGuard;
  credentials: CredentialService;
  endpoints: EndpointService;
  deliveries: DeliveryService;
  /** Seed 003's documents: validation, synchronisation, status reports. */
  documents: DocumentService;
  /** OAuth2 clients and access tokens. */
  oauth: OAuthService;
  /** Applications' own queue caps and retention policies. */
  settings: ApplicationSettingsService;
  /** Longest a `wait_on_process: true` request is held. */
  waitOnProcessTimeoutMs: number;
  /** Seed 002's templates and their webhooks. */
  templates: TemplateService;
  /** Seed 002's jobs: submission, status, results, credits. */
  jobs: TemplateJobs;
  /** Unsaved templates tried on sample records (the editor's live preview). */
  templatePreviews: TemplatePreviews;
}

/** Submits an upload on behalf of the authenticated application, carrying its Idempotency-Key. */
export async function submitFor(
  ctx: HttpContext,
  request: FastifyRequest,
  submission: Omit<Submission, 'applicationId' | 'idempotencyKey'>,
): Promise<DocketRecord> {
  const { record } = await ctx.intake.submit({
    ...submission,
    applicationId: request.applicationId,
    idempotencyKey: idempotencyKeyOf(request),
  });
  return record;
}

/** For `wait_on_process: true`: the record once terminal, or as it stands when the timeout passes. */
export async function waitForRecord(ctx: HttpContext, record: DocketRecord): Promise<DocketRecord> {
  return (
    (await ctx.watcher.waitForTerminal(record.applicationId, record.id, ctx.waitOnProcessTimeoutMs)) ?? record
  );
}

/** Loads a record of the authenticated application and kind; 404 for anything else, including other tenants'. */
export async function findRecord(
  ctx: HttpContext,
  request: FastifyRequest,
  id: string,
  kind: string | null,
  noun: string,
): Promise<DocketRecord> {
  const record = await ctx.store.records.get(request.applicationId, id);
  if (!record || (kind !== null && record.kind !== kind)) {
    throw new DocketError('not_found', 'record_not_found', `no ${noun} with id ${id}`);
  }
  return record;
}

/** The JSON fields every seed upload shares. */
export interface Base64UploadFields {
  body: string;
  mime_type?: string;
  filename?: string;
  application_user_id?: string;
  wait_on_process?: boolean;
}

/**
 * The seeds' upload flow: the base64 `body` becomes a record, answered at once with the seed's
 * acceptance (202), or, for `wait_on_process: true`, with the finished record (200).
 */
export async function uploadBase64(
  ctx: HttpContext,
  request: FastifyRequest,
  upload: {
    kind: string;
    fields: Base64UploadFields;
    options?: Record<string, unknown>;
    accepted: (record: DocketRecord) => unknown;
    finished: (record: DocketRecord) => unknown;
  },
): Promise<HttpAnswer> {
  const { fields } = upload;
  const { bytes, mimeType } = decodeBase64(fields.body, 'body', request.base64Files);
  const record = await submitFor(ctx, request, {
    kind: upload.kind,
    bytes,
    declaredMimeType: fields.mime_type ?? mimeType,
    filename: fields.filename ?? null,
    applicationUserId: fields.application_user_id ?? null,
    ...(upload.options ? { options: upload.options } : {}),
  });
  return answerUpload(ctx, record, fields.wait_on_process, upload.accepted, upload.finished);
}

/** 202 with the acceptance at once, or, for `wait_on_process: true`, 200 with the finished record. */
export async function answerUpload(
  ctx: HttpContext,
  record: DocketRecord,
  waitOnProcess: boolean | undefined,
  accepted: (record: DocketRecord) => unknown,
  finished: (record: DocketRecord) => unknown,
): Promise<HttpAnswer> {
  if (!waitOnProcess) return { status: 202, body: accepted(record) };
  return { status: 200, body: finished(await waitForRecord(ctx, record)) };
}
