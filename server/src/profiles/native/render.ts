/** The native API's shapes (`/v1`), also used for webhooks of kinds no seed defines. */
import type { DocketEvent, DocketRecord } from '../../core/domain.ts';
import type { EventBody, RecordBody } from './schemas.ts';

/** The native shape of a record. */
export function renderRecord(record: DocketRecord): RecordBody {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    stage: record.stage,
    mime_type: record.mimeType,
    filename: record.filename,
    size_bytes: record.sizeBytes,
    application_user_id: record.applicationUserId,
    options: record.options,
    parent_id: record.parentId,
    pages: record.pages,
    result: record.result ?? null,
    error: record.error,
    file: {
      stored: record.fileDeletedAt === null && record.blobKey !== null,
      deleted_at: record.fileDeletedAt?.toISOString() ?? null,
      deleted_reason: record.fileDeletedReason,
    },
    result_deleted_at: record.resultDeletedAt?.toISOString() ?? null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    completed_at: record.completedAt?.toISOString() ?? null,
  };
}

/**
 * The webhook body for native kinds, in the Standard Webhooks style: the event type, when it
 * happened, and the record in its native shape.
 */
export function renderRecordEvent(record: DocketRecord, type: string, at: Date): Record<string, unknown> {
  return { type, timestamp: at.toISOString(), data: renderRecord(record) };
}

/** An event as the event log shows it. */
export function renderEvent(event: DocketEvent): EventBody {
  return {
    id: event.id,
    seq: event.seq,
    type: event.type,
    record_id: event.recordId,
    created_at: event.createdAt.toISOString(),
    data: event.data,
  };
}
