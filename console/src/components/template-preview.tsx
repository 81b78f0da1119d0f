/**
 * A template's preview: the user picks a sample, it is sent as a job (`POST /process-job`), and
 * once the job has finished its extracted fields and line items are shown, with the sample's pages
 * and a box where each field was printed (the record's `matches`).
 */
import { type ChangeEvent, useEffect, useState } from 'react';
import { FINISHED, type JobResults, jobResults, jobStatus, submitSample } from '../api/templates.ts';
import type { DocketRecord } from '../api/types.ts';
import { useConsole } from '../lib/console-context.ts';
import { ErrorBanner, Loading } from './feedback.tsx';
import { type Highlight, Highlighted } from './file-preview.tsx';

type Phase =
  | { step: 'idle' }
  | { step: 'running'; status: string }
  | { step: 'done'; results: JobResults; record: DocketRecord | null; pages: Blob[] };

/** The most pages the preview draws. */
const MAX_PAGES = 10;

/**
 * The sample's pages as images: an image as it is; a PDF's pages rendered by Docket right after
 * the job is accepted, because the job's file is deleted once its webhook is delivered.
 */
async function samplePages(
  client: ReturnType<typeof useConsole>['client'],
  jobId: string,
  file: File,
): Promise<Blob[]> {
  if (file.type.startsWith('image/') && file.type !== 'image/tiff') return [file];
  if (file.type !== 'application/pdf') return [];
  const first = await client.blob(`/v1/records/${jobId}/pages/1`);
  const count = Math.min(Number(first.headers.get('x-page-count') ?? 1), MAX_PAGES);
  const rest: Blob[] = [];
  for (let n = 2; n <= count; n++) rest.push((await client.blob(`/v1/records/${jobId}/pages/${n}`)).blob);
  return [first.blob, ...rest];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Renders a value of the result for reading: lists joined, objects as JSON. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isRows = (value: unknown): value is Array<Record<string, unknown>> =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));

export function TemplatePreview({ templateId }: { templateId: string }) {
  const { client } = useConsole();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<Error | null>(null);

  const run = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setPhase({ step: 'running', status: 'uploading' });
    try {
      const jobId = await submitSample(client, templateId, file);
      // A preview without pictures is still a preview: the fields and rows are what matter.
      const pages = await samplePages(client, jobId, file).catch(() => [] as Blob[]);
      for (;;) {
        const status = await jobStatus(client, jobId);
        setPhase({ step: 'running', status: status.status });
        if (FINISHED.has(status.status)) break;
        await sleep(700);
      }
      const [results, record] = await Promise.all([
        jobResults(client, jobId),
        // The job is a record: its result says where each field was found.
        client.get<DocketRecord>(`/v1/records/${jobId}`).catch(() => null),
      ]);
      setPhase({ step: 'done', results, record, pages });
    } catch (e) {
      setError(e as Error);
      setPhase({ step: 'idle' });
    }
  };

  const matches = phase.step === 'done' ? matchesOf(phase.record) : [];
  return (
    <div className="template-preview">
      <label>
        Sample document (PDF or image)
        <input
          type="file"
          accept="application/pdf,image/*"
          onChange={run}
          disabled={phase.step === 'running'}
        />
      </label>
      <p className="muted">Runs the saved template as a job (it counts as a job: credits, webhook).</p>
      {error ? <ErrorBanner error={error} /> : null}
      {phase.step === 'running' ? <Loading label={`Reading the sample… ${phase.status}`} /> : null}
      {phase.step === 'done' ? (
        <>
          <p>
            Job <code>{phase.results.job_id}</code>: <strong>{phase.results.status}</strong>
          </p>
          {phase.results.error ? (
            <div className="banner error" role="alert">
              {phase.results.error.message} <code className="code">{phase.results.error.code}</code>
            </div>
          ) : null}
          {phase.results.result ? <Extracted result={phase.results.result} matches={matches} /> : null}
          <SamplePages pages={phase.pages} highlights={matches} />
        </>
      ) : null}
    </div>
  );
}

function matchesOf(record: DocketRecord | null): Highlight[] {
  const result = record?.result as {
    matches?: Array<{ field: string; page: number; box: Highlight['box'] }>;
  } | null;
  return (result?.matches ?? []).map((m) => ({ label: m.field, page: m.page, box: m.box }));
}

function Extracted({ result, matches }: { result: Record<string, unknown>; matches: Highlight[] }) {
  const fields = Object.entries(result).filter(([, value]) => !isRows(value));
  const lists = Object.entries(result).filter((entry): entry is [string, Array<Record<string, unknown>>] =>
    isRows(entry[1]),
  );
  const where = new Map(matches.map((m) => [m.label, m.page]));
  return (
    <>
      <table className="extracted">
        <caption>Extracted fields</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Found on</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([name, value]) => (
            <tr key={name} data-field-result={name}>
              <th scope="row">{name}</th>
              <td>{show(value)}</td>
              <td>{where.has(name) ? `page ${where.get(name)! + 1}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lists.map(([name, rows]) => {
        const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
        return (
          <table key={name} className="extracted">
            <caption>
              Line items: {name} ({rows.length})
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: line items are ordered rows
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{show(row[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </>
  );
}

function PageImage({ blob, alt }: { blob: Blob; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url ? <img src={url} alt={alt} /> : null;
}

/** Every page of the sample with a box where each field was found. */
function SamplePages({ pages, highlights }: { pages: Blob[]; highlights: Highlight[] }) {
  if (pages.length === 0) return null;
  return (
    <div className="preview">
      {pages.map((blob, index) => (
        <Highlighted
          // biome-ignore lint/suspicious/noArrayIndexKey: pages are in order
          key={index}
          highlights={highlights.filter(
            (h) => h.page === index || (h.page === -1 && index === pages.length - 1),
          )}
        >
          <PageImage blob={blob} alt={`Sample page ${index + 1} with the fields found`} />
        </Highlighted>
      ))}
    </div>
  );
}
