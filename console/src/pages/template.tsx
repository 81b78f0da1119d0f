/**
 * One template: the editor (name, keywords, fields with their rules, line items, webhook URL and
 * headers) beside a live preview on a sample that follows every change, saved or not; once saved,
 * the template can also be run as a real job.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { getTemplate, saveTemplate } from '../api/templates.ts';
import { ErrorBanner, Loading, Notice, PageHeader } from '../components/feedback.tsx';
import { LineItemsEditor } from '../components/line-items-editor.tsx';
import { LivePreview } from '../components/live-preview.tsx';
import { TemplateFields } from '../components/template-fields.tsx';
import { TemplatePreview } from '../components/template-preview.tsx';
import { useConsole } from '../lib/console-context.ts';
import { href, navigate } from '../lib/router.ts';
import {
  EMPTY_FORM,
  FormProblem,
  formFromTemplate,
  previewDefinition,
  type TemplateFormState,
  templateBody,
  withZoneBox,
  zoneTargets,
} from '../lib/template-form.ts';
import { useAsync } from '../lib/use-async.ts';

export function TemplatePage({ id }: { id: string | null }) {
  const { client, capabilities } = useConsole();
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
  // What the live preview tries: the form as it stands, or what keeps it from being a template.
  const definition = useMemo(() => {
    if (!form) return new FormProblem('loading');
    try {
      return previewDefinition(form);
    } catch (e) {
      if (e instanceof FormProblem) return e;
      throw e;
    }
  }, [form]);

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
      <div className="endpoint-layout template-layout">
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
          <LineItemsEditor state={form.lineItems} onChange={(lineItems) => set({ lineItems })} />
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
          <h2 id="preview-title">Live preview</h2>
          {capabilities.templatePreview ? (
            <LivePreview
              definition={definition}
              zoneTargets={zoneTargets(form.fields)}
              onZone={(key, page, box) => set({ fields: withZoneBox(form.fields, key, page, box) })}
            />
          ) : (
            <p className="muted">
              This Docket has no live preview (POST /v1/templates/preview); save and run a job below.
            </p>
          )}
          {id ? (
            <details className="job-preview">
              <summary>Run the saved template as a real job</summary>
              <TemplatePreview templateId={id} />
            </details>
          ) : null}
        </aside>
      </div>
    </>
  );
}
