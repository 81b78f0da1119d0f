/**
 * The bodies Docket's webhooks carry: each product's own shape. Native kinds send the
 * {@link NativeWebhookEvent} envelope; the seed products send their seed's payload.
 */
import type { Ok } from '../paths.ts';
import type { DocketRecord } from '../types.ts';

/** Native kinds (`text`, …): `{ type, timestamp, data: <record> }`. */
export interface NativeWebhookEvent {
  type: 'record.completed' | 'record.failed' | (string & {});
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: DocketRecord;
}

/** Seed 000's lab-report payload (the same as `GET /lab_reports/{id}`). */
export type LabReportWebhookPayload = Ok<'/lab_reports/{id}', 'get'>;

/** Seeds 001/004's nutrition payload (the same as `GET /nutrition_records/{id}`). */
export type NutritionWebhookPayload = Ok<'/nutrition_records/{id}', 'get'>;

/** Seed 002's job result. */
export interface TemplateJobWebhookPayload {
  job_id: string;
  template_id: string;
  static_values?: Record<string, unknown>;
  result: Record<string, unknown>;
}

/** Seed 003's envelope of document events. */
export interface DocumentsWebhookPayload {
  events: Array<{
    id: string;
    resource_type: 'document' | (string & {});
    action: 'new_document' | 'document_synchronize' | (string & {});
    metadata: { document: Record<string, unknown> };
    resource_metadata?: Record<string, unknown>;
  }>;
  meta: { webhook_id: string };
}

/** Any body a Docket webhook carries; narrow with {@link isNativeWebhookEvent} or by the endpoint's product. */
export type DocketWebhookPayload =
  | NativeWebhookEvent
  | LabReportWebhookPayload
  | NutritionWebhookPayload
  | TemplateJobWebhookPayload
  | DocumentsWebhookPayload;

/** True for the native envelope. */
export function isNativeWebhookEvent(payload: unknown): payload is NativeWebhookEvent {
  const p = payload as Partial<NativeWebhookEvent> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.type === 'string' &&
    typeof p.timestamp === 'string' &&
    typeof p.data === 'object'
  );
}
