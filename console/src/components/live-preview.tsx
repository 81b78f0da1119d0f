/**
 * The editor's live preview: the template as it stands in the form (saved or not) tried on a
 * sample with `POST /v1/templates/preview` a moment after each change, showing what each field
 * extracts, the line items, and boxes on the sample's pages where each field was found and where
 * each zone rule looks. The sample is uploaded once as a `text` record (it is kept like any upload,
 * costs no credits and goes to no template webhook) and remembered for this tab (lib/template-sample.ts).
 */
import { type ChangeEvent, useEffect, useMemo, useState } from 'react';
import { previewTemplate, recordPages, type TemplatePreviewResult } from '../api/templates.ts';
import { uploadFile } from '../api/upload.ts';
import { useConsole } from '../lib/console-context.ts';
import { rememberedSample, rememberSample, type TemplateSample as Sample } from '../lib/template-sample.ts';
import { zoneHighlights } from '../lib/zone-form.ts';
import { ExtractionTables, SamplePages } from './extraction-view.tsx';
import { ErrorBanner } from './feedback.tsx';
import type { Highlight } from './file-preview.tsx';

/** How long the editor waits after the last change before previewing. */
const DEBOUNCE_MS = 400;
type Outcome =
  | { state: 'idle' }
  | { state: 'running'; last: TemplatePreviewResult | null }
  | { state: 'done'; result: TemplatePreviewResult }
  | { state: 'error'; error: Error; last: TemplatePreviewResult | null };

/** A zone rule of the form that a box drawn on the sample can set. */
export interface ZoneTarget {
  key: string;
  label: string;
}

/**
 * `definition` is the form's template, or the problem that keeps the form from being one (shown
 * instead of a preview until it is fixed). `zoneTargets` are the form's zone rules; a box drawn on
 * a page for the chosen one goes to `onZone`.
 */
export function LivePreview({
  definition,
  zoneTargets = [],
  onZone,
}: {
  definition: Record<string, unknown> | Error;
  zoneTargets?: ZoneTarget[];
  onZone?: (key: string, page: number, box: Highlight['box']) => void;
}) {
  const { client } = useConsole();
  const [sample, setSample] = useState<Sample | null>(rememberedSample);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<Error | null>(null);
  const [pages, setPages] = useState<Blob[]>([]);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [zoom, setZoom] = useState(100);
  const [drawFor, setDrawFor] = useState('');
  const drawing = zoneTargets.some((t) => t.key === drawFor) ? drawFor : '';
  // The request depends on the definition's content, not on the form object's identity.
  const body = useMemo(() => (definition instanceof Error ? null : JSON.stringify(definition)), [definition]);

  useEffect(() => {
    if (!sample) return;
    const controller = new AbortController();
    setPages([]);
    recordPages(client, sample.id, sample.mimeType, controller.signal).then(setPages, () => setPages([]));
    return () => controller.abort();
  }, [client, sample]);

  useEffect(() => {
    if (!sample || body === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setOutcome((o) => ({ state: 'running', last: lastResult(o) }));
      previewTemplate(client, JSON.parse(body), sample.id, controller.signal).then(
        (result) => setOutcome({ state: 'done', result }),
        (error: Error) => {
          if (!controller.signal.aborted) setOutcome((o) => ({ state: 'error', error, last: lastResult(o) }));
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, sample, body]);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploadError(null);
    setUploading(true);
    try {
      const record = await uploadFile(client, file, { kind: 'text' });
      const next = { id: record.id, name: file.name, mimeType: record.mime_type ?? file.type };
      rememberSample(next);
      setOutcome({ state: 'idle' });
      setSample(next);
    } catch (e) {
      setUploadError(e as Error);
    } finally {
      setUploading(false);
    }
  };

  const shown = outcome.state === 'done' ? outcome.result : lastResult(outcome);
  const highlights: Highlight[] = [
    ...(shown?.matches ?? []).map((m) => ({ label: m.field, page: m.page, box: m.box })),
    ...(definition instanceof Error ? [] : zoneHighlights(definition)),
  ];
  return (
    <div className="live-preview">
      <label>
        Sample for the live preview (PDF or image)
        <input type="file" accept="application/pdf,image/*" onChange={pick} disabled={uploading} />
      </label>
      <p className="muted">
        {sample ? (
          <>
            Previewing on <strong>{sample.name}</strong> (record <code>{sample.id}</code>). Every change is
            tried on it; nothing is saved or charged.
          </>
        ) : (
          'Pick a sample document: the fields and line items update on it as you edit.'
        )}
      </p>
      {uploading ? <p role="status">Uploading the sample…</p> : null}
      {uploadError ? <ErrorBanner error={uploadError} /> : null}
      {sample ? (
        <>
          <p role="status" aria-live="polite" className="preview-status" data-preview-state={outcome.state}>
            {statusLine(outcome, definition)}
          </p>
          {definition instanceof Error ? (
            <div className="banner warning">Fix the form to preview: {definition.message}</div>
          ) : null}
          {outcome.state === 'error' ? <ErrorBanner error={outcome.error} /> : null}
          {shown ? (
            <div className={outcome.state === 'running' ? 'preview-result stale' : 'preview-result'}>
              {shown.missing_required.length > 0 ? (
                <div className="banner warning">
                  A job would fail: no value for the required {shown.missing_required.join(', ')}.
                </div>
              ) : null}
              {shown.warnings.map((w) => (
                <p key={w} className="muted">
                  {w}
                </p>
              ))}
              <ExtractionTables
                fields={shown.fields}
                lists={shown.line_items as Record<string, Array<Record<string, unknown>>>}
                matches={highlights}
              />
            </div>
          ) : null}
          {pages.length > 0 ? (
            <label className="inline">
              Page size
              <select value={zoom} onChange={(e) => setZoom(Number(e.target.value))}>
                <option value={100}>fit the panel</option>
                <option value={150}>150 %</option>
                <option value={200}>200 %</option>
                <option value={300}>300 %</option>
              </select>
            </label>
          ) : null}
          {pages.length > 0 && zoneTargets.length > 0 && onZone ? (
            <label className="inline">
              Draw on the page the zone of
              <select value={drawing} onChange={(e) => setDrawFor(e.target.value)}>
                <option value="">(no zone: just look)</option>
                {zoneTargets.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {drawing ? (
            <p className="muted">Press, drag and release over the page to set the zone's box.</p>
          ) : null}
          <SamplePages
            pages={pages}
            highlights={highlights}
            zoom={zoom}
            onDraw={drawing && onZone ? (page, box) => onZone(drawing, page, box) : undefined}
          />
        </>
      ) : null}
    </div>
  );
}

function lastResult(o: Outcome): TemplatePreviewResult | null {
  if (o.state === 'done') return o.result;
  if (o.state === 'running' || o.state === 'error') return o.last;
  return null;
}

function statusLine(outcome: Outcome, definition: Record<string, unknown> | Error): string {
  if (definition instanceof Error) return 'Preview paused until the form is fixed.';
  switch (outcome.state) {
    case 'idle':
    case 'running':
      return 'Updating the preview…';
    case 'error':
      return 'The preview failed: see why below.';
    case 'done': {
      const r = outcome.result;
      const found = Object.values(r.fields).filter((v) => v !== null).length;
      const keywords = r.keywords_match
        ? 'its keywords match this sample'
        : 'its keywords do not all occur in this sample, so a job naming no template would not choose it';
      return `Preview up to date: ${found} of ${Object.keys(r.fields).length} fields found on ${r.pages} page${r.pages === 1 ? '' : 's'}; ${keywords}.`;
    }
  }
}
