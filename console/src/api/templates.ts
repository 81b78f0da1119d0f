/**
 * Seed 002's templates and jobs as the console uses them: CRUD on `/v1/templates`, the
 * invoice2data import, the live preview of an unsaved definition on a sample record
 * (`POST /v1/templates/preview`) and the pages to draw it on, and a job run of a saved template
 * (`POST /process-job` with a sample, `GET /job-status` until it finishes, `POST /v1/job-results`).
 * The job id is the record id, so the record's result also says where each field was printed
 * (`matches`).
 */
import type { Ok } from '@docket/sdk';
import type { TemplateRecord } from '../lib/template-form.ts';
import { type ApiClient, toApiError } from './client.ts';

export function listTemplates(client: ApiClient, signal?: AbortSignal) {
  return client.get<{ data: TemplateRecord[]; next_cursor: string | null }>(
    '/v1/templates?limit=100',
    signal,
  );
}

export function getTemplate(client: ApiClient, id: string, signal?: AbortSignal) {
  return client.get<TemplateRecord>(`/v1/templates/${encodeURIComponent(id)}`, signal);
}

export function saveTemplate(client: ApiClient, id: string | null, body: Record<string, unknown>) {
  return id
    ? client.patch<TemplateRecord>(`/v1/templates/${encodeURIComponent(id)}`, body)
    : client.post<TemplateRecord>('/v1/templates', body);
}

export function importTemplate(client: ApiClient, source: string, webhookUrl: string) {
  return client.post<TemplateRecord>('/v1/templates/import', {
    source,
    ...(webhookUrl.trim() ? { webhook_url: webhookUrl.trim() } : {}),
  });
}

/** `GET /job-status`'s answer, the parts the preview reads. */
export interface JobStatus {
  job_id: string;
  status: string;
  error?: { code: string; message: string };
}

/** `POST /v1/job-results` (json). */
export interface JobResults {
  job_id: string;
  status: string;
  result: Record<string, unknown> | null;
  error?: { code: string; message: string };
  pages: number | null;
}

/** Statuses after which a job's results can be read. */
export const FINISHED = new Set(['SUCCESS', 'FAILED', 'PROCESS IMAGE SUCCESS', 'PROCESS IMAGE FAILED']);

/** Sends a sample as multipart to `POST /process-job`; answers the job id. */
export async function submitSample(client: ApiClient, templateId: string, file: File): Promise<string> {
  const form = new FormData();
  form.set('template_id', templateId);
  form.set('actual_image', file, file.name);
  const response = await fetch(`${client.baseUrl}/process-job`, {
    method: 'POST',
    headers: { ...client.authHeaders(), accept: 'application/json' },
    body: form,
  });
  const text = await response.text();
  if (!response.ok) throw toApiError(response.status, text);
  return (JSON.parse(text) as { job_id: string }).job_id;
}

export function jobStatus(client: ApiClient, jobId: string, signal?: AbortSignal) {
  return client.get<JobStatus>(`/job-status?job_id=${encodeURIComponent(jobId)}`, signal);
}

export function jobResults(client: ApiClient, jobId: string) {
  return client.post<JobResults>('/v1/job-results', { job_id: jobId, result_format: 'json' });
}

/** `POST /v1/templates/preview`'s answer. */
export type TemplatePreviewResult = Ok<'/v1/templates/preview', 'post'>;

/** Tries an unsaved definition on a sample record (nothing is stored or charged). */
export function previewTemplate(
  client: ApiClient,
  definition: Record<string, unknown>,
  sampleRecordId: string,
  signal?: AbortSignal,
) {
  return client.request<TemplatePreviewResult>(
    'POST',
    '/v1/templates/preview',
    { definition, sample_record_id: sampleRecordId },
    { signal },
  );
}

/** The most pages a preview draws. */
export const MAX_SAMPLE_PAGES = 10;

/**
 * A record's pages as images: a PDF's rendered by Docket (at most {@link MAX_SAMPLE_PAGES}), an
 * image as it was uploaded.
 */
export async function recordPages(
  client: ApiClient,
  recordId: string,
  mimeType: string,
  signal?: AbortSignal,
): Promise<Blob[]> {
  if (mimeType !== 'application/pdf') {
    if (!mimeType.startsWith('image/') || mimeType === 'image/tiff') return [];
    return [(await client.blob(`/v1/records/${recordId}/file`, signal)).blob];
  }
  const first = await client.blob(`/v1/records/${recordId}/pages/1`, signal);
  const count = Math.min(Number(first.headers.get('x-page-count') ?? 1), MAX_SAMPLE_PAGES);
  const rest: Blob[] = [];
  for (let n = 2; n <= count; n++)
    rest.push((await client.blob(`/v1/records/${recordId}/pages/${n}`, signal)).blob);
  return [first.blob, ...rest];
}
