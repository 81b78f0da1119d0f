/** Seed 003's validated documents and their status reports over Kysely. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  DocumentPatient,
  DocumentState,
  DocumentStatusReport,
  MedicalDocumentType,
} from '../../core/document-types.ts';
import type { DocumentQuery, DocumentRepository, Page } from '../../core/ports.ts';
import { pageNewestFirst } from './rows.ts';
import type { Database, DocumentStatusReportsTable, DocumentsTable } from './schema.ts';

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

interface StoredReport {
  id: string;
  success: boolean;
  error: string | null;
  directory: string | null;
  path: string | null;
  reported_at: number;
}

function reportFromRow(row: Selectable<DocumentStatusReportsTable>): DocumentStatusReport {
  return {
    id: row.id,
    documentId: row.document_id,
    success: Number(row.success) === 1,
    error: row.error,
    directory: row.directory,
    path: row.path,
    reportedAt: new Date(Number(row.reported_at)),
  };
}

function fromRow(row: Selectable<DocumentsTable>): DocumentState {
  const last = row.last_report === null ? null : (JSON.parse(row.last_report) as StoredReport);
  return {
    id: row.id,
    applicationId: row.application_id,
    state: 'verified',
    type: row.type as MedicalDocumentType,
    patient: JSON.parse(row.patient) as DocumentPatient,
    documentDate: row.document_date,
    validatedBy: row.validated_by,
    synchronized: Number(row.synchronized) === 1,
    synchronizedAt: dateOrNull(row.synchronized_at),
    lastSyncRequestedAt: dateOrNull(row.last_sync_requested_at),
    lastReport: last && {
      id: last.id,
      documentId: row.id,
      success: last.success,
      error: last.error,
      directory: last.directory,
      path: last.path,
      reportedAt: new Date(last.reported_at),
    },
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function lastReportJson(report: DocumentStatusReport | null): string | null {
  if (!report) return null;
  const stored: StoredReport = {
    id: report.id,
    success: report.success,
    error: report.error,
    directory: report.directory,
    path: report.path,
    reported_at: report.reportedAt.getTime(),
  };
  return JSON.stringify(stored);
}

export class SqlDocumentRepository implements DocumentRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(document: DocumentState): Promise<boolean> {
    const result = await this.#db
      .insertInto('documents')
      .values({
        id: document.id,
        application_id: document.applicationId,
        state: document.state,
        type: document.type,
        patient: JSON.stringify(document.patient),
        document_date: document.documentDate,
        validated_by: document.validatedBy,
        synchronized: document.synchronized ? 1 : 0,
        synchronized_at: document.synchronizedAt?.getTime() ?? null,
        last_sync_requested_at: document.lastSyncRequestedAt?.getTime() ?? null,
        last_report: lastReportJson(document.lastReport),
        created_at: document.createdAt.getTime(),
        updated_at: document.updatedAt.getTime(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(applicationId: string, id: string): Promise<DocumentState | null> {
    const row = await this.#db
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async getById(id: string): Promise<DocumentState | null> {
    const row = await this.#db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  list(query: DocumentQuery): Promise<Page<DocumentState>> {
    let q = this.#db.selectFrom('documents').selectAll().where('application_id', '=', query.applicationId);
    if (query.synchronized !== undefined) q = q.where('synchronized', '=', query.synchronized ? 1 : 0);
    return pageNewestFirst(q, query.cursor, query.limit, fromRow);
  }

  async update(document: DocumentState): Promise<void> {
    await this.#db
      .updateTable('documents')
      .set({
        synchronized: document.synchronized ? 1 : 0,
        synchronized_at: document.synchronizedAt?.getTime() ?? null,
        last_report: lastReportJson(document.lastReport),
        updated_at: document.updatedAt.getTime(),
      })
      .where('id', '=', document.id)
      .execute();
  }

  async claimSync(id: string, now: Date, notBefore: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('documents')
      .set({ last_sync_requested_at: now.getTime(), updated_at: now.getTime() })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('last_sync_requested_at', 'is', null),
          eb('last_sync_requested_at', '<=', notBefore.getTime()),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addReport(applicationId: string, report: DocumentStatusReport): Promise<void> {
    await this.#db
      .insertInto('document_status_reports')
      .values({
        id: report.id,
        document_id: report.documentId,
        application_id: applicationId,
        success: report.success ? 1 : 0,
        error: report.error,
        directory: report.directory,
        path: report.path,
        reported_at: report.reportedAt.getTime(),
      })
      .execute();
  }

  async reports(documentId: string): Promise<DocumentStatusReport[]> {
    const rows = await this.#db
      .selectFrom('document_status_reports')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy(sql`reported_at`)
      .orderBy(sql`id`)
      .execute();
    return rows.map(reportFromRow);
  }
}
