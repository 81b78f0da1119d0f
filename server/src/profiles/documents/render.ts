/** Seed 003's shapes: a document (polling and webhooks alike) and the webhook envelope. */

import { documentFileName } from '../../core/document-links.ts';
import { proposalOf } from '../../core/document-patient.ts';
import type { DocumentState, DocumentStatusReport } from '../../core/document-types.ts';
import type { ValidatedDocument } from '../../core/documents.ts';
import type { DocketRecord } from '../../core/domain.ts';
import type { DocumentBody } from './schemas.ts';

function renderReport(report: DocumentStatusReport) {
  return {
    success: report.success,
    error: report.error,
    directory: report.directory,
    path: report.path,
    reportedAt: report.reportedAt.toISOString(),
  };
}

/** The seed's document object. `pdf.url` is a fresh pre-signed link, or null where one is added later. */
export function renderDocument(
  document: DocumentState,
  record: DocketRecord,
  pdf: { url: string; fileName: string } | null,
): DocumentBody {
  const { patient } = document;
  return {
    uuid: document.id,
    type: document.type,
    state: document.state,
    title: proposalOf(record.result).title,
    documentDate: document.documentDate,
    synchronized: document.synchronized,
    synchronizedAt: document.synchronizedAt?.toISOString() ?? null,
    patient: {
      uuid: patient.uuid,
      externalId: patient.externalId,
      externalIdType: patient.externalIdType,
      name: patient.name,
      firstName: patient.givenName,
      lastName: patient.familyName,
      birthDate: patient.dateOfBirth,
      sex: patient.sex,
    },
    pdf,
    integration: document.lastReport ? renderReport(document.lastReport) : null,
    mimeType: record.mimeType,
    createdAt: record.createdAt.toISOString(),
    validatedAt: document.createdAt.toISOString(),
    validatedBy: document.validatedBy,
  };
}

/** `GET /documents/{uuid}`: the document with every status report. */
export function renderDocumentDetail(view: ValidatedDocument, reports: readonly DocumentStatusReport[]) {
  return {
    ...renderDocument(view.document, view.record, view.pdf),
    integrationHistory: reports.map(renderReport),
  };
}

/**
 * The webhook body as the event stores it: seed 003's envelope with `pdf.url` and
 * `meta.webhook_id` left null. Both are filled in for each attempt (attempt.ts): the link must
 * still be valid when the attempt arrives, and the webhook id is the receiving endpoint's.
 */
export function renderDocumentEvent(input: {
  action: string;
  document: DocumentState;
  record: DocketRecord;
}): Record<string, unknown> {
  const { action, document, record } = input;
  const body = renderDocument(document, record, null);
  return {
    events: [
      {
        id: document.id,
        resource_type: 'document',
        action,
        metadata: { document: { ...body, pdf: { url: null, fileName: documentFileName(record) } } },
        resource_metadata: { user_id: document.validatedBy, organization_id: document.applicationId },
      },
    ],
    meta: { webhook_id: null },
  };
}

/** A document record's state as seed 003 words it before validation. */
export function documentStatus(record: DocketRecord): string {
  if (record.status === 'completed') return 'to_validate';
  return record.status === 'failed' ? 'failed' : 'processing';
}
