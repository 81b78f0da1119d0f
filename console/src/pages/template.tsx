/**
 * One template: the editor (name, keywords, fields with their rules, line items, webhook URL and
 * headers) and, once saved, a preview on an uploaded sample.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { getTemplate, saveTemplate } from '../api/templates.ts';
import { ErrorBanner, Loading, Notice, PageHeader } from '../components/feedback.tsx';
import { TemplateFields } from '../components/template-fields.tsx';
import { TemplatePreview } from '../components/template-preview.tsx';
import { useConsole } from '../lib/console-context.ts';
import { href, navigate } from '../lib/router.ts';
import {
  EMPTY_FORM,
  FormProblem,
  formFromTemplate,
  type TemplateFormState,
  templateBody,
} from '../lib/template-form.ts';
import { useAsync } from '../lib/use-async.ts';

export function TemplatePage({ id }: { id: string | null }) {
  const { client } = useConsole();
  const stored = useAsync(
    (signal) => (id ? getTemplate(client, id, signal) : Promise.resolve(null)),
    [client, id],
  );
  const [form, setForm] = useState<TemplateFormState | null>(id ? null : EMPTY_FORM);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (stored.data) setForm(formFromTemplate(stored.data));
  }, [stored.data]);

  const crumbs = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <a href={href('/templates')}>Templates</a> /{' '}
      <span aria-current="page">{id ? (stored.data?.name ?? id) : 'New template'}</span>
    </nav>
  );
  if (stored.error) {
    return (
      <>
        {crumbs}
        <PageHeader title="Template" />
        <ErrorBanner error={stored.error} onRetry={stored.reload} />
      </>
    );
  }
  if (!form) return <Loading />;
  const set = (part: Partial<TemplateFormState>) => {
    setSaved(false);
    setForm({ ...form, ...part });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    let body: Record<string, unknown>;
    try {
      body = templateBody(form, id ? 'update' : 'create');
    } catch (e) {
      if (e instanceof FormProblem) return setError(e);
      throw e;
    }
    setBusy(true);
    try {
      const template = await saveTemplate(client, id, body);
      setSaved(true);
      if (!id) navigate(`/templates/${template.id}`);
      else stored.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {crumbs}
      <PageHeader title={id ? (stored.data?.name ?? 'Template') : 'New template'} />
      <div className="endpoint-layout">
        <form className="template-form" onSubmit={submit} aria-label="Template">
          <label>
            Name
            <input value={form.name} required onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label>
            Keywords{' '}
            <span className="muted">(one regex per line; all must occur for the template to be chosen)</span>
            <textarea
              rows={3}
              className="code"
              value={form.keywords}
              onChange={(e) => set({ keywords: e.target.value })}
            />
          </label>
          <TemplateFields fields={form.fields} onChange={(fields) => set({ fields })} />
          <label>
            Line items{' '}
            <span className="muted">
              (JSON, optional: {'[{"name", "blocks": [{"start", "end", "line"}]}]'})
            </span>
            <textarea
              rows={6}
              className="code"
              spellCheck={false}
              value={form.lineItems}
              onChange={(e) => set({ lineItems: e.target.value })}
            />
          </label>
          <fieldset>
            <legend>Webhook</legend>
            <label>
              Webhook URL <span className="muted">(optional; job results are POSTed here)</span>
              <input
                type="url"
                value={form.webhookUrl}
                placeholder="https://your-app.example.com/docket"
                onChange={(e) => set({ webhookUrl: e.target.value })}
              />
            </label>
            {form.headers.map((header, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: header rows have no identity but their place
              <div className="row" key={index}>
                <label>
                  Header name <span className="visually-hidden">{index + 1}</span>
                  <input
                    value={header.name}
                    onChange={(e) =>
                      set({
                        headers: form.headers.map((h, i) =>
                          i === index ? { ...h, name: e.target.value } : h,
                        ),
                      })
                    }
                  />
                </label>
                <label>
                  Header value <span className="visually-hidden">{index + 1}</span>
                  <input
                    value={header.value}
                    onChange={(e) =>
                      set({
                        headers: form.headers.map((h, i) =>
                          i === index ? { ...h, value: e.target.value } : h,
                        ),
                      })
                    }
                  />
                </label>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => set({ headers: form.headers.filter((_, i) => i !== index) })}
                >
                  Remove header <span className="visually-hidden">{index + 1}</span>
                </button>
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() => set({ headers: [...form.headers, { name: '', value: '' }] })}
            >
              Add header
            </button>
            <p className="muted">
              Stored values are shown masked; a value left as shown keeps the stored one.
            </p>
          </fieldset>
          {error ? <ErrorBanner error={error} /> : null}
          {saved ? <Notice tone="success">Template saved.</Notice> : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : id ? 'Save template' : 'Create template'}
          </button>
        </form>
        <aside aria-labelledby="preview-title" className="panel">
          <h2 id="preview-title">Preview on a sample</h2>
          {id ? (
            <TemplatePreview templateId={id} />
          ) : (
            <p className="muted">
              Create the template first; then upload a sample here to see what it extracts.
            </p>
          )}
        </aside>
      </div>
    </>
  );
}
