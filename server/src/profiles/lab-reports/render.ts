/**
 * Seed 000 (lab-report AI): how a Docket record looks in that API and its webhooks.
 * Status strings: `processing` until terminal, then `completed` or `failed` with `parsing_error`.
 */
import type { LabReport } from '../../analysers/lab-report/types.ts';
import type { DocketRecord } from '../../core/domain.ts';
import type { LabReportBody } from './schemas.ts';

export const LAB_REPORT_KIND = 'lab_report';

/** Seed 000's status words. */
export function labReportStatus(record: DocketRecord): 'processing' | 'completed' | 'failed' {
  return record.status === 'completed' || record.status === 'failed' ? record.status : 'processing';
}

/** The immediate answer to an upload. */
export function renderLabReportAccepted(record: DocketRecord) {
  return {
    lab_report: {
      record_id: record.id,
      status: labReportStatus(record),
      uploaded_at: record.createdAt.toISOString(),
    },
  };
}

/** The full record: the body of the seed's webhook and of `GET /lab_reports/{id}`. */
export function renderLabReport(record: DocketRecord): LabReportBody {
  const status = labReportStatus(record);
  const result = (status === 'completed' ? record.result : null) as LabReport | null;
  return {
    application_user_id: record.applicationUserId,
    record_id: record.id,
    status,
    ...(record.filename ? { filename: record.filename } : {}),
    ...(result
      ? {
          collection_date: result.collection_date ?? null,
          result_date: result.result_date ?? null,
          sections: result.sections ?? [],
        }
      : {}),
    ...(status === 'failed' ? { parsing_error: record.error?.message ?? 'analysis failed' } : {}),
    uploaded_at: record.createdAt.toISOString(),
    modified_at: record.updatedAt.toISOString(),
  };
}
