/**
 * Documents to validate (seed 003): the records of kind `document`, each with its document state,
 * the `to_validate` queue first. A professional opens one to correct and validate it.
 */
import { query } from '../api/client.ts';
import { getDocument, type NativeDocument } from '../api/documents.ts';
import type { DocketRecord, Page } from '../api/types.ts';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatRelative } from '../lib/format.ts';
import { LiveIndicator, useLiveReload } from '../lib/live.tsx';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

type Filter = 'to_validate' | 'all';

interface Row {
  record: DocketRecord;
  document: NativeDocument | null;
}

export function DocumentsPage({ available, query: params }: { available: boolean; query: URLSearchParams }) {
  const { client } = useConsole();
  const filter: Filter = params.get('show') === 'all' ? 'all' : 'to_validate';
  const rows = useAsync(
    async (signal): Promise<Row[]> => {
      if (!available) return [];
      const page = await client.get<Page<DocketRecord>>(
        `/v1/records${query({ kind: 'document', limit: 100 })}`,
        signal,
      );
      // One small read per record: the list of records does not carry the document state.
      return Promise.all(
        page.data.map(async (record) => ({
          record,
          document: record.status === 'completed' ? await getDocument(client, record.id, signal) : null,
        })),
      );
    },
    [client, available],
  );
  const live = useLiveReload(() => rows.reload());

  if (!available) {
    return (
      <>
        <PageHeader title="Documents" />
        <EmptyState title="This Docket has no documents API">
          <p>The page works once the server offers the documents profile (seed 003).</p>
        </EmptyState>
      </>
    );
  }
  const stateOf = (row: Row) => row.document?.state ?? row.record.status;
  const shown = (rows.data ?? []).filter((row) => filter === 'all' || stateOf(row) === 'to_validate');
  const waiting = (rows.data ?? []).filter((row) => stateOf(row) === 'to_validate').length;

  return (
    <>
      <PageHeader title="Documents">
        <LiveIndicator state={live} />
      </PageHeader>
      <nav className="tabs" aria-label="Which documents">
        <a href={href('/documents')} aria-current={filter === 'to_validate' ? 'page' : undefined}>
          To validate ({waiting})
        </a>
        <a href={href('/documents?show=all')} aria-current={filter === 'all' ? 'page' : undefined}>
          All documents
        </a>
      </nav>
      {rows.error ? <ErrorBanner error={rows.error} onRetry={rows.reload} /> : null}
      {rows.loading && !rows.data ? <Loading /> : null}
      {rows.data && shown.length === 0 ? (
        <EmptyState title={filter === 'to_validate' ? 'No documents to validate' : 'No documents yet'}>
          <p>
            Upload a PDF, scan or photo with the kind <code>document</code>; once analysed it waits here.
          </p>
        </EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <table>
          <caption className="visually-hidden">Documents</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">State</th>
              <th scope="col">Type</th>
              <th scope="col">Patient</th>
              <th scope="col">Synchronised</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <DocumentRow key={row.record.id} row={row} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function DocumentRow({ row }: { row: Row }) {
  const { record, document } = row;
  const validated = document?.document;
  const type = validated?.type ?? document?.analysis?.document_type ?? '—';
  const patient = validated?.patient.name ?? document?.analysis?.patient?.name ?? '—';
  return (
    <tr data-document={record.id}>
      <td>
        <a href={href(`/documents/${record.id}`)}>{record.filename ?? record.id}</a>
      </td>
      <td>
        <StatusBadge status={document?.state ?? record.status} />
      </td>
      <td>{type}</td>
      <td>{patient}</td>
      <td>{validated ? (validated.synchronized ? 'yes' : 'not yet') : '—'}</td>
      <td>{formatRelative(record.created_at)}</td>
    </tr>
  );
}
