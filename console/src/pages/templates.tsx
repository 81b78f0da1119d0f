/**
 * Templates (seed 002): the application's templates, a link to write a new one, and the import of
 * an invoice2data template (YAML or JSON pasted in a textarea).
 */
import { type FormEvent, useState } from 'react';
import { importTemplate, listTemplates } from '../api/templates.ts';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatRelative } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

export function TemplatesPage({ available }: { available: boolean }) {
  const { client } = useConsole();
  const templates = useAsync(
    (signal) =>
      available ? listTemplates(client, signal) : Promise.resolve({ data: [], next_cursor: null }),
    [client, available],
  );
  if (!available) {
    return (
      <>
        <PageHeader title="Templates" />
        <EmptyState title="This Docket has no templates API">
          <p>The page works once the server offers the templates profile (seed 002).</p>
        </EmptyState>
      </>
    );
  }
  const list = templates.data?.data ?? [];
  return (
    <>
      <PageHeader title="Templates">
        <a className="button" href={href('/templates/new')}>
          New template
        </a>
      </PageHeader>
      {templates.error ? <ErrorBanner error={templates.error} onRetry={templates.reload} /> : null}
      {templates.loading && !templates.data ? <Loading /> : null}
      {templates.data && list.length === 0 ? (
        <EmptyState title="No templates yet">
          <p>
            Write one with <a href={href('/templates/new')}>New template</a>, or import an invoice2data
            template below.
          </p>
        </EmptyState>
      ) : null}
      {list.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Keywords</th>
              <th scope="col">Fields</th>
              <th scope="col">Webhook</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {list.map((template) => (
              <tr key={template.id} data-template={template.id}>
                <td>
                  <a href={href(`/templates/${template.id}`)}>{template.name}</a>
                </td>
                <td>{(template.keywords ?? []).join(', ') || '—'}</td>
                <td>{Object.keys(template.fields ?? {}).length}</td>
                <td className="url">{template.webhook_url ?? 'none'}</td>
                <td>{formatRelative(template.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ImportForm />
    </>
  );
}

function ImportForm() {
  const { client } = useConsole();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const created = await importTemplate(
        client,
        String(form.get('source') ?? ''),
        String(form.get('webhook_url') ?? ''),
      );
      navigate(`/templates/${created.id}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="import-title" className="panel">
      <h2 id="import-title">Import an invoice2data template</h2>
      <form className="template-form" onSubmit={submit}>
        <label>
          invoice2data template (YAML or JSON)
          <textarea
            name="source"
            rows={10}
            required
            spellCheck={false}
            className="code"
            placeholder={
              'issuer: ACME Supplies\nkeywords:\n  - ACME Supplies\nfields:\n  invoice_number: Invoice number:\\s*(\\S+)'
            }
          />
        </label>
        <label>
          Webhook URL <span className="muted">(optional)</span>
          <input name="webhook_url" type="url" placeholder="https://your-app.example.com/docket" />
        </label>
        {error ? <ErrorBanner error={error} /> : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import template'}
        </button>
      </form>
    </section>
  );
}
