/**
 * A template's preview: the user picks a sample, it is sent as a job (`POST /process-job`), and
 * once the job has finished its extracted fields and line items are shown, with the sample's pages
 * and a box where each field was printed (the record's `matches`).
 */
import { type ChangeEvent, useState } from 'react';
import {
  FINISHED,
  type JobResults,
  jobResults,
  jobStatus,
  recordPages,
  submitSample,
} from '../api/templates.ts';
import type { DocketRecord } from '../api/types.ts';
import { useConsole } from '../lib/console-context.ts';
import { ExtractionTables, SamplePages } from './extraction-view.tsx';
import { ErrorBanner, Loading } from './feedback.tsx';
import type { Highlight } from './file-preview.tsx';
import type { Rows } from './line-item-rows.tsx';

type Phase =
  | { step: 'idle' }
  | { step: 'running'; status: string }
  | { step: 'done'; results: JobResults; record: DocketRecord | null; pages: Blob[] };

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
  return file.type === 'application/pdf' ? recordPages(client, jobId, file.type) : [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isRows = (value: unknown): value is Rows =>
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
  const fields = Object.fromEntries(Object.entries(result).filter(([, value]) => !isRows(value)));
  const lists = Object.fromEntries(
    Object.entries(result).filter((entry): entry is [string, Rows] => isRows(entry[1])),
  );
  return <ExtractionTables fields={fields} lists={lists} matches={matches} />;
}
