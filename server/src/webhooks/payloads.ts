/**
 * Which body an event carries, per record kind. Profiles register their seed's shape; kinds
 * without one get the native envelope. Later products (templates, documents) only add an entry.
 */
import type { DocketRecord } from '../core/domain.ts';
import type { EventRenderer } from '../core/processing.ts';
import { renderRecordEvent } from '../profiles/native/render.ts';

/** Renders a record into the webhook body of its product. */
export type RecordPayload = (record: DocketRecord) => Record<string, unknown>;

export function eventRenderer(byKind: Readonly<Record<string, RecordPayload>>): EventRenderer {
  return (type, record, at) => {
    const render = Object.hasOwn(byKind, record.kind) ? byKind[record.kind] : undefined;
    return render ? render(record) : renderRecordEvent(type, record, at);
  };
}

/** The retry preset each product's seed promises; anything else gets `standard`. */
const PRESET_BY_KIND: Record<string, string> = {
  lab_report: 'lab_reports',
  nutrition: 'nutrition',
  document: 'documents',
};

export function retryPresetForKind(kind: string | null): string {
  return (kind && PRESET_BY_KIND[kind]) || 'standard';
}
