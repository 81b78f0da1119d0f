/**
 * Seed 002's shapes of a job: the 202 answer, the webhook body, the job's status and its JSON
 * results. `result` holds the template's fields by name, and each list of line items as an array
 * of rows under its own name, as the seed's receivers read them.
 */
import type { TemplateResult } from '../../analysers/template/index.ts';
import type { DocketRecord, Endpoint, Template } from '../../core/domain.ts';
import { maskHeaders } from '../../webhooks/endpoint-service.ts';
import type { JobAcceptedBody, JobWebhookBody, TemplateBody } from './schemas.ts';

/** The parts of the template analyser's result (analysers/template TemplateResult) a job shows. */
type ExtractionResult = Partial<
  Pick<TemplateResult, 'template_id' | 'fields' | 'line_items' | 'line_item_lists'>
>;

/** The template a job was read with: the one it named, else the one keyword selection chose. */
export function templateIdOf(record: DocketRecord): string | null {
  const named = record.options.template_id;
  if (typeof named === 'string') return named;
  const chosen = (record.result as ExtractionResult | null)?.template_id;
  return typeof chosen === 'string' ? chosen : null;
}

export function staticValuesOf(record: DocketRecord): Record<string, unknown> {
  const values = record.options.static_values;
  return values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
}

/** Each named list of line items in the result, as rows. */
export function lineItemsOf(record: DocketRecord): Record<string, Record<string, unknown>[]> {
  const result = record.result as ExtractionResult | null;
  if (result?.line_item_lists) return result.line_item_lists;
  return result?.line_items?.length ? { line_items: result.line_items } : {};
}

/** The document-level fields of the result. */
export function fieldsOf(record: DocketRecord): Record<string, unknown> {
  return (record.result as ExtractionResult | null)?.fields ?? {};
}

/** `result` as the seed shows it: the fields, then each list of line items as an array. */
export function extractedOf(record: DocketRecord): Record<string, unknown> | null {
  if (record.status !== 'completed' || record.result === null) return null;
  return { ...fieldsOf(record), ...lineItemsOf(record) };
}

export function renderJobAccepted(record: DocketRecord): JobAcceptedBody {
  return { job_id: record.id, template_id: templateIdOf(record), static_values: staticValuesOf(record) };
}

/** Where a job came from: its file's name and, for a file of a ZIP, the batch's job. */
function origin(record: DocketRecord) {
  return {
    ...(record.filename ? { file_name: record.filename } : {}),
    ...(record.parentId ? { batch_job_id: record.parentId } : {}),
  };
}

/** The webhook body: rendered once when the job finishes, so every retry sends the same bytes. */
export function renderJobWebhook(record: DocketRecord): JobWebhookBody {
  return {
    job_id: record.id,
    template_id: templateIdOf(record),
    static_values: staticValuesOf(record),
    ...origin(record),
    result: extractedOf(record),
    ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
  };
}

/** A template as the API shows it: its definition, its webhook (headers masked) and its times. */
export function renderTemplate(template: Template, webhook: Endpoint | null): TemplateBody {
  return {
    ...(template.definition as Omit<TemplateBody, 'id' | 'created_at' | 'updated_at'>),
    id: template.id,
    name: template.name,
    webhook_url: webhook?.url ?? null,
    webhook_headers: webhook ? maskHeaders(webhook.headers) : {},
    created_at: template.createdAt.toISOString(),
    updated_at: template.updatedAt.toISOString(),
  };
}

export { origin as jobOrigin };
