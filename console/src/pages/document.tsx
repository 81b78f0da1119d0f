/**
 * One document to validate or validated: the file, the analyser's proposal as an editable form
 * (type, patient, date), Validate, then Synchronise (once per 30 s: a 429 shows the Retry-After
 * countdown) with the sync status and the integration's error history.
 */
import { type FormEvent, useEffect, useState } from 'react';
import {
  DOCUMENT_TYPES,
  getDocument,
  getDocumentDetail,
  type NativeDocument,
  synchronizeDocument,
  type ValidatedDocument,
  type ValidationInput,
  validateDocument,
} from '../api/documents.ts';
import type { DocketRecord } from '../api/types.ts';
import { EmptyState, ErrorBanner, Loading, Notice, PageHeader } from '../components/feedback.tsx';
import { FilePreview } from '../components/file-preview.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatDateTime } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

export function DocumentPage({ id }: { id: string }) {
  const { client } = useConsole();
  const record = useAsync((signal) => client.get<DocketRecord>(`/v1/records/${id}`, signal), [client, id]);
  const doc = useAsync((signal) => getDocument(client, id, signal), [client, id]);
  const uuid = doc.data?.document?.uuid;
  const detail = useAsync(
    (signal) => (uuid ? getDocumentDetail(client, uuid, signal) : Promise.resolve(null)),
    [client, uuid],
  );
  // The document stays `processing` until the analyser is done: look again shortly.
  const state = doc.data?.state;
  useEffect(() => {
    if (state !== 'processing') return;
    const timer = setTimeout(doc.reload, 1500);
    return () => clearTimeout(timer);
  }, [state, doc.reload]);

  const crumbs = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <a href={href('/documents')}>Documents</a> /{' '}
      <span aria-current="page">{record.data?.filename ?? id}</span>
    </nav>
  );
  if (doc.error) {
    return (
      <>
        {crumbs}
        <PageHeader title="Document" />
        <ErrorBanner error={doc.error} onRetry={doc.reload} />
      </>
    );
  }
  if (!doc.data) return <Loading />;
  const d = doc.data;
  return (
    <>
      {crumbs}
      <PageHeader title={record.data?.filename ?? 'Document'}>
        <StatusBadge status={d.state} />
      </PageHeader>
      <div className="record-body">
        <section aria-labelledby="doc-file">
          <h2 id="doc-file">File</h2>
          {record.data ? <FilePreview record={record.data} /> : <Loading />}
        </section>
        <section aria-labelledby="doc-review">
          {d.state === 'processing' ? <Loading label="The analyser is reading this document…" /> : null}
          {d.state === 'failed' ? (
            <EmptyState title="The analysis failed">
              <p>
                {d.error?.message} <code className="code">{d.error?.code}</code>
              </p>
            </EmptyState>
          ) : null}
          {d.state === 'to_validate' ? <ValidateForm document={d} onValidated={doc.reload} /> : null}
          {d.state === 'verified' && d.document ? (
            <>
              <ValidatedFacts document={d.document} />
              <SyncPanel
                recordId={id}
                document={detail.data ?? d.document}
                onSent={() => setTimeout(detail.reload, 500)}
              />
              <History document={detail.data} error={detail.error} />
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}

const text = (form: FormData, name: string): string | null => {
  const value = String(form.get(name) ?? '').trim();
  return value === '' ? null : value;
};

function ValidateForm({ document, onValidated }: { document: NativeDocument; onValidated: () => void }) {
  const { client } = useConsole();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const proposal = document.analysis ?? {};
  const patient = proposal.patient ?? {};

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const sex = text(form, 'sex');
    const input: ValidationInput = {
      type: String(form.get('type')),
      patient: {
        given_name: text(form, 'given_name'),
        family_name: text(form, 'family_name'),
        date_of_birth: text(form, 'date_of_birth'),
        external_id: text(form, 'external_id'),
        external_id_type: text(form, 'external_id_type'),
        sex: sex === 'female' || sex === 'male' ? sex : null,
      },
      document_date: text(form, 'document_date'),
      validated_by: text(form, 'validated_by'),
    };
    const full = [input.patient?.given_name, input.patient?.family_name].filter(Boolean).join(' ');
    if (input.patient) input.patient.name = full || null;
    setBusy(true);
    setError(null);
    try {
      await validateDocument(client, document.id, input);
      onValidated();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="document-form" onSubmit={submit} aria-labelledby="doc-review">
      <h2 id="doc-review">Check and validate</h2>
      <p className="muted">
        The analyser proposes the values below
        {proposal.confidence != null ? ` (type confidence ${Math.round(proposal.confidence * 100)} %)` : ''}.
        Correct what is wrong, then validate: the integration is told with a <code>new_document</code>{' '}
        webhook.
      </p>
      <label>
        Document type
        <select name="type" defaultValue={proposal.document_type ?? 'other'}>
          {DOCUMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Patient</legend>
        <label>
          Given name
          <input name="given_name" defaultValue={patient.given_name ?? ''} autoComplete="off" />
        </label>
        <label>
          Family name
          <input name="family_name" defaultValue={patient.family_name ?? ''} autoComplete="off" />
        </label>
        <label>
          Date of birth
          <input name="date_of_birth" type="date" defaultValue={patient.date_of_birth ?? ''} />
        </label>
        <label>
          Sex
          <select name="sex" defaultValue={patient.sex ?? ''}>
            <option value="">unknown</option>
            <option value="female">female</option>
            <option value="male">male</option>
          </select>
        </label>
        <label>
          Identifier
          <input name="external_id" defaultValue={patient.external_id ?? ''} autoComplete="off" />
        </label>
        <label>
          Identifier type
          <input
            name="external_id_type"
            defaultValue={patient.external_id_type ?? ''}
            placeholder="nhs_number, bsn, niss, nir…"
          />
        </label>
      </fieldset>
      <label>
        Document date
        <input name="document_date" type="date" defaultValue={proposal.document_date ?? ''} />
      </label>
      <label>
        Validated by (your user id, optional)
        <input name="validated_by" autoComplete="off" />
      </label>
      {error ? <ErrorBanner error={error} /> : null}
      <button type="submit" disabled={busy}>
        {busy ? 'Validating…' : 'Validate'}
      </button>
    </form>
  );
}

function ValidatedFacts({ document }: { document: ValidatedDocument }) {
  const p = document.patient;
  return (
    <>
      <h2 id="doc-review">Validated</h2>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{document.type}</dd>
        </div>
        <div>
          <dt>Patient</dt>
          <dd>{p.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Date of birth</dt>
          <dd>{p.birthDate ?? '—'}</dd>
        </div>
        <div>
          <dt>Identifier</dt>
          <dd>{p.externalId ? `${p.externalId} (${p.externalIdType ?? '?'})` : '—'}</dd>
        </div>
        <div>
          <dt>Document date</dt>
          <dd>{document.documentDate ?? '—'}</dd>
        </div>
        <div>
          <dt>Validated</dt>
          <dd>
            {formatDateTime(document.validatedAt)}
            {document.validatedBy ? ` by ${document.validatedBy}` : ''}
          </dd>
        </div>
      </dl>
    </>
  );
}

/** Counts a number of seconds down to zero, once a second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft];
}

function SyncPanel({
  recordId,
  document,
  onSent,
}: {
  recordId: string;
  document: ValidatedDocument;
  onSent: () => void;
}) {
  const { client } = useConsole();
  const [left, startCountdown] = useCountdown();
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const synchronise = async () => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await synchronizeDocument(client, recordId);
      if (outcome.sent) {
        setSent(outcome.eventId);
        // The server allows one request per 30 s; the button says so instead of a refusal.
        startCountdown(30);
        onSent();
      } else {
        setSent(null);
        startCountdown(outcome.retryAfterSeconds);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const last = document.integration;
  return (
    <section aria-labelledby="doc-sync" className="sync">
      <h3 id="doc-sync">Synchronisation</h3>
      <p>
        Status:{' '}
        <StatusBadge
          status={document.synchronized ? 'synchronized' : last?.success === false ? 'failed' : 'pending'}
        />{' '}
        {document.synchronized && document.synchronizedAt
          ? `confirmed ${formatDateTime(document.synchronizedAt)}`
          : last?.success === false
            ? `last report: ${last.error ?? 'failed'}`
            : 'the integration has not confirmed it yet'}
      </p>
      <button type="button" onClick={synchronise} disabled={busy || left > 0} aria-describedby="sync-note">
        {left > 0 ? `Synchronise (again in ${left} s)` : 'Synchronise'}
      </button>
      <p id="sync-note" className="muted">
        Sends a <code>document_synchronize</code> webhook; at most once every 30 seconds.
      </p>
      {sent ? <Notice tone="success">Synchronisation requested (event {sent}).</Notice> : null}
      {left > 0 && !sent ? (
        <div className="banner error" role="alert">
          Docket allows one synchronisation per 30 s: try again in {left} s.
        </div>
      ) : null}
      {error ? <ErrorBanner error={error} /> : null}
    </section>
  );
}

function History({
  document,
  error,
}: {
  document: ValidatedDocument | null | undefined;
  error?: Error | undefined;
}) {
  if (error) return <ErrorBanner error={error} />;
  const history = document?.integrationHistory ?? [];
  return (
    <section aria-labelledby="doc-history">
      <h3 id="doc-history">Status reports from the integration</h3>
      {history.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Reported</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error or path</th>
            </tr>
          </thead>
          <tbody>
            {history.map((report) => (
              <tr key={report.reportedAt} className={report.success ? '' : 'flagged'}>
                <td>{formatDateTime(report.reportedAt)}</td>
                <td>
                  <StatusBadge status={report.success ? 'success' : 'failure'} />
                </td>
                <td>
                  {report.success
                    ? [report.directory, report.path].filter(Boolean).join('/') || '—'
                    : report.error}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
