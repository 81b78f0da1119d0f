/**
 * Seed 003's document flow over records of kind `document`: a professional validates (or corrects,
 * then validates) what the analyser proposed, which announces it (`new_document`); a manual
 * synchronisation announces it again (`document_synchronize`, at most once per 30 s per
 * document); the customer's system confirms each import (`success` true or false, idempotent),
 * and a confirmed document gets no further automatic webhook attempts (see `deliveryWanted`).
 */

import { DOCUMENT_KIND, documentFileName, PDF_LINK_TTL_SECONDS } from './document-links.ts';
import { applyCorrections, type DocumentCorrections, proposalOf } from './document-patient.ts';
import { DOCUMENT_EVENTS, type DocumentState, type DocumentStatusReport } from './document-types.ts';
import type { DocketRecord } from './domain.ts';
import { DocketError } from './errors.ts';
import { newId } from './ids.ts';
import type { BlobStore, Clock, EventSubject, OutboxHook, Page, Store } from './ports.ts';

export {
  DOCUMENT_KIND,
  documentDeliveryWanted,
  documentFileName,
  PDF_LINK_TTL_SECONDS,
} from './document-links.ts';

import { emitEvent } from './processing.ts';

/** Manual synchronisations of one document are at least this far apart (seed 003). */
export const SYNC_INTERVAL_MS = 30_000;

/** A document's review state: still analysed, waiting for a professional, validated, or unreadable. */
export type ReviewState = 'processing' | 'to_validate' | 'verified' | 'failed';

/** A document with its record and, once validated, its state. */
export interface DocumentView {
  record: DocketRecord;
  document: DocumentState | null;
  review: ReviewState;
}

/** A validated document ready to be shown: its state, record and a fresh PDF link. */
export interface ValidatedDocument {
  record: DocketRecord;
  document: DocumentState;
  pdf: { url: string; fileName: string } | null;
}

/** A status confirmation as the customer's system sends it. */
export interface StatusReportInput {
  success: boolean;
  error?: string | null;
  directory?: string | null;
  path?: string | null;
}

/** Renders the stored body of a document event (the profile's webhook shape). */
export type DocumentEventRenderer = (input: {
  action: string;
  document: DocumentState;
  record: DocketRecord;
  at: Date;
}) => Record<string, unknown>;

export interface DocumentServiceDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  hooks: readonly OutboxHook[];
  render: DocumentEventRenderer;
  subjectOf: (record: DocketRecord) => EventSubject;
}

const notFound = (id: string) =>
  new DocketError('not_found', 'document_not_found', `no document with uuid ${id}`);

function reviewOf(record: DocketRecord, document: DocumentState | null): ReviewState {
  if (document) return 'verified';
  if (record.status === 'completed') return 'to_validate';
  return record.status === 'failed' ? 'failed' : 'processing';
}

const sameReport = (
  a: DocumentStatusReport,
  b: Omit<DocumentStatusReport, 'id' | 'documentId' | 'reportedAt'>,
) => a.success === b.success && a.error === b.error && a.directory === b.directory && a.path === b.path;

export class DocumentService {
  readonly #deps: DocumentServiceDeps;

  constructor(deps: DocumentServiceDeps) {
    this.#deps = deps;
  }

  /** Any document record of the application, validated or not; 404 for anything else. */
  async view(applicationId: string, id: string): Promise<DocumentView> {
    const record = await this.#deps.store.records.get(applicationId, id);
    if (!record || record.kind !== DOCUMENT_KIND) throw notFound(id);
    const document = await this.#deps.store.documents.get(applicationId, id);
    return { record, document, review: reviewOf(record, document) };
  }

  /** A validated document of the application, with a fresh PDF link; 404 otherwise (including `to_validate`). */
  async get(applicationId: string, id: string): Promise<ValidatedDocument> {
    const { store } = this.#deps;
    const document = await store.documents.get(applicationId, id);
    const record = document ? await store.records.get(applicationId, id) : null;
    if (!document || !record) throw notFound(id);
    return { document, record, pdf: await this.#pdf(record) };
  }

  /** Validated documents, newest first, optionally only those (not) confirmed imported. */
  async list(query: {
    applicationId: string;
    synchronized?: boolean;
    cursor?: string;
    limit: number;
  }): Promise<Page<ValidatedDocument>> {
    const { store } = this.#deps;
    const page = await store.documents.list(query);
    const items: ValidatedDocument[] = [];
    for (const document of page.items) {
      const record = await store.records.get(query.applicationId, document.id);
      if (record) items.push({ document, record, pdf: await this.#pdf(record) });
    }
    return { items, nextCursor: page.nextCursor };
  }

  /** Every status report of a validated document, oldest first. */
  reports(documentId: string): Promise<DocumentStatusReport[]> {
    return this.#deps.store.documents.reports(documentId);
  }

  /** Validates the analyser's proposal with the professional's corrections, and announces it (`new_document`). */
  async validate(
    applicationId: string,
    id: string,
    corrections: DocumentCorrections,
  ): Promise<ValidatedDocument> {
    const { store, clock } = this.#deps;
    const { record, document: existing } = await this.view(applicationId, id);
    if (existing) {
      throw new DocketError(
        'conflict',
        'document_already_validated',
        `document ${id} was validated at ${existing.createdAt.toISOString()}; to send it again use POST /v1/documents/${id}/synchronize`,
      );
    }
    if (record.status === 'failed') {
      throw new DocketError(
        'conflict',
        'document_unreadable',
        `document ${id} could not be analysed (${record.error?.code ?? 'failed'}: ${record.error?.message ?? 'no reason'}); upload a readable copy`,
      );
    }
    if (record.status !== 'completed') {
      throw new DocketError(
        'conflict',
        'document_not_analysed',
        `document ${id} is still being analysed (${record.status}); validate it once its record is completed`,
      );
    }
    const now = clock.now();
    const validated = applyCorrections(applicationId, id, proposalOf(record.result), corrections);
    const document: DocumentState = {
      id,
      applicationId,
      state: 'verified',
      ...validated,
      validatedBy: corrections.validated_by ?? record.applicationUserId,
      synchronized: false,
      synchronizedAt: null,
      lastSyncRequestedAt: null,
      lastReport: null,
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await store.transaction(async (tx) => {
      if (!(await tx.documents.insert(document))) return false;
      await this.#announce(tx, DOCUMENT_EVENTS.newDocument, document, record, now);
      return true;
    });
    if (!inserted) return this.validate(applicationId, id, corrections); // validated meanwhile: 409 above
    return { document, record, pdf: await this.#pdf(record) };
  }

  /**
   * A professional's "Synchronize": announces the document again (`document_synchronize`). At
   * most once per {@link SYNC_INTERVAL_MS} per document; sooner is a 429 with the seconds to wait.
   */
  async synchronize(
    applicationId: string,
    id: string,
  ): Promise<{ document: DocumentState; eventId: string }> {
    const { store, clock } = this.#deps;
    const { record, document } = await this.view(applicationId, id);
    if (!document) {
      throw new DocketError(
        'conflict',
        'document_not_validated',
        `document ${id} is not validated yet; validate it first (POST /v1/documents/${id}/validate)`,
      );
    }
    const now = clock.now();
    const eventId = await store.transaction(async (tx) => {
      if (!(await tx.documents.claimSync(id, now, new Date(now.getTime() - SYNC_INTERVAL_MS)))) return null;
      return (await this.#announce(tx, DOCUMENT_EVENTS.synchronize, document, record, now)).id;
    });
    if (eventId === null) {
      const last = (await store.documents.get(applicationId, id))?.lastSyncRequestedAt ?? now;
      const waitMs = Math.max(1000, last.getTime() + SYNC_INTERVAL_MS - now.getTime());
      const seconds = Math.ceil(waitMs / 1000);
      throw new DocketError(
        'rate_limited',
        'synchronize_rate_limited',
        `document ${id} was synchronised less than ${SYNC_INTERVAL_MS / 1000} s ago: retry after ${seconds} s`,
        { retry_after_seconds: seconds },
      );
    }
    return { document, eventId };
  }

  /**
   * The customer's system confirms an import: `success: true` marks the document synchronised
   * (no further automatic attempts), `success: false` records the error and leaves it
   * unsynchronised. Sending the same report again changes nothing and adds no history entry.
   */
  async report(applicationId: string, id: string, input: StatusReportInput): Promise<ValidatedDocument> {
    const { store, clock } = this.#deps;
    const fields = {
      success: input.success,
      error: input.success ? null : (input.error ?? null),
      directory: input.directory ?? null,
      path: input.path ?? null,
    };
    const document = await store.transaction(async (tx) => {
      const current = await tx.documents.get(applicationId, id);
      if (!current) return null;
      if (current.lastReport && sameReport(current.lastReport, fields)) return current;
      const now = clock.now();
      const report: DocumentStatusReport = { id: newId(), documentId: id, ...fields, reportedAt: now };
      const next: DocumentState = {
        ...current,
        synchronized: fields.success,
        synchronizedAt: fields.success ? (current.synchronizedAt ?? now) : null,
        lastReport: report,
        updatedAt: now,
      };
      await tx.documents.addReport(applicationId, report);
      await tx.documents.update(next);
      return next;
    });
    const record = document ? await store.records.get(applicationId, id) : null;
    if (!document || !record) throw notFound(id);
    return { document, record, pdf: await this.#pdf(record) };
  }

  async #announce(
    tx: Parameters<OutboxHook>[0],
    action: string,
    document: DocumentState,
    record: DocketRecord,
    at: Date,
  ) {
    const { hooks, render, subjectOf } = this.#deps;
    return emitEvent(
      tx,
      hooks,
      {
        applicationId: document.applicationId,
        type: action,
        recordId: document.id,
        data: render({ action, document, record, at }),
        createdAt: at,
      },
      subjectOf(record),
    );
  }

  async #pdf(record: DocketRecord): Promise<{ url: string; fileName: string } | null> {
    if (!record.blobKey) return null;
    const fileName = documentFileName(record);
    const url = await this.#deps.blobs.presignedUrl(record.blobKey, PDF_LINK_TTL_SECONDS, {
      filename: fileName,
      contentType: record.mimeType,
    });
    return { url, fileName };
  }
}
