/** The records list: newest first, filtered by kind, status and dates, updated live. */
import { type FormEvent, useState } from 'react';
import { query } from '../api/client.ts';
import type { DocketRecord, Page } from '../api/types.ts';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatBytes, formatDateTime, formatRelative } from '../lib/format.ts';
import { LiveIndicator, useLiveReload } from '../lib/live.tsx';
import { href, navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

const KINDS = ['text', 'lab_report', 'nutrition', 'document', 'template'];
const STATUSES = ['queued', 'processing', 'completed', 'failed'];

/** `2026-12-03` from a date input → the ISO instant the API filters on. */
function dayStart(day: string | null, endOfDay = false): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (endOfDay) date.setDate(date.getDate() + 1);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function RecordsPage({ query: params }: { query: URLSearchParams }) {
  const { client } = useConsole();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const filters = {
    kind: params.get('kind') ?? '',
    status: params.get('status') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const key = JSON.stringify(filters);
  const records = useAsync(
    (signal) =>
      client.get<Page<DocketRecord>>(
        `/v1/records${query({
          kind: filters.kind,
          status: filters.status,
          created_after: dayStart(filters.from),
          created_before: dayStart(filters.to, true),
          cursor,
          limit: 25,
        })}`,
        signal,
      ),
    [client, key, cursor],
  );
  const live = useLiveReload(() => {
    if (!cursor) records.reload();
  });

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCursors([]);
    navigate(
      `/records${query({
        kind: String(form.get('kind') ?? ''),
        status: String(form.get('status') ?? ''),
        from: String(form.get('from') ?? ''),
        to: String(form.get('to') ?? ''),
      })}`,
    );
  };
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader title="Records">
        <LiveIndicator state={live} />
        <a className="button" href={href('/upload')}>
          Upload files
        </a>
      </PageHeader>
      <form className="filters" onSubmit={applyFilters} key={key} aria-label="Filter records">
        <label>
          Kind
          <select name="kind" defaultValue={filters.kind}>
            <option value="">Any kind</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Created from
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          Created to
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <button type="submit">Apply filters</button>
        {filtered ? (
          <a className="button secondary" href={href('/records')} onClick={() => setCursors([])}>
            Clear
          </a>
        ) : null}
      </form>
      {records.error ? <ErrorBanner error={records.error} onRetry={records.reload} /> : null}
      {!records.data && records.loading ? <Loading /> : null}
      {records.data && records.data.data.length === 0 ? (
        <EmptyState title={filtered ? 'No record matches these filters' : 'No records yet'}>
          {filtered ? (
            <p>Change or clear the filters.</p>
          ) : (
            <p>
              <a href={href('/upload')}>Upload a file</a> here, or send one to <code>POST /v1/records</code>.
              New records appear here at once.
            </p>
          )}
        </EmptyState>
      ) : null}
      {records.data && records.data.data.length > 0 ? (
        <>
          <div className="table-scroll">
            <table className="records">
              <caption className="visually-hidden">Records, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="num">
                    Pages
                  </th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Created</th>
                  <th scope="col">Finished</th>
                </tr>
              </thead>
              <tbody>
                {records.data.data.map((record) => (
                  <tr key={record.id} data-record={record.id}>
                    <th scope="row">
                      <a href={href(`/records/${record.id}`)}>{record.filename ?? record.id}</a>
                      {record.parent_id ? <span className="sub">from a batch</span> : null}
                    </th>
                    <td>{record.kind}</td>
                    <td>
                      <StatusBadge status={record.status} />
                      {record.error ? <span className="sub">{record.error.code}</span> : null}
                    </td>
                    <td>{record.stage ?? '—'}</td>
                    <td className="num">{record.pages ?? '—'}</td>
                    <td className="num">{formatBytes(record.size_bytes)}</td>
                    <td>
                      <time dateTime={record.created_at} title={formatDateTime(record.created_at)}>
                        {formatRelative(record.created_at)}
                      </time>
                    </td>
                    <td>{record.completed_at ? formatDateTime(record.completed_at) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button
              type="button"
              className="secondary"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!records.data.next_cursor}
              onClick={() => records.data?.next_cursor && setCursors([...cursors, records.data.next_cursor])}
            >
              Older
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}
