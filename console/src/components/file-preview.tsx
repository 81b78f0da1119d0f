/**
 * The record's file: PDF pages rendered by Docket (`/v1/records/{id}/pages/{n}`), images as they
 * are (`/file`). Both are fetched with the API key and shown through object URLs.
 */
import { type ReactNode, useEffect, useState } from 'react';
import type { DocketRecord } from '../api/types.ts';
import { useConsole } from '../lib/console-context.ts';
import { useAsync } from '../lib/use-async.ts';
import { ErrorBanner, Loading } from './feedback.tsx';

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}

/** A box to draw over a page: where a template field was printed (normalised 0..1, page 0-based). */
export interface Highlight {
  label: string;
  page: number;
  box: { x0: number; y0: number; x1: number; y1: number };
  /** `match` (default): where a value was printed; `zone`: the area a zone rule searches. */
  tone?: 'match' | 'zone';
}

/** The page image with its highlights drawn over it, as boxes labelled with the field name. */
export function Highlighted({ highlights, children }: { highlights: Highlight[]; children: ReactNode }) {
  if (highlights.length === 0) return <>{children}</>;
  return (
    <div className="highlighted">
      {children}
      {highlights.map((h) => (
        <span
          key={`${h.tone ?? 'match'}-${h.label}-${h.box.x0}-${h.box.y0}`}
          className={h.tone === 'zone' ? 'highlight zone' : 'highlight'}
          title={h.label}
          style={{
            left: `${h.box.x0 * 100}%`,
            top: `${h.box.y0 * 100}%`,
            width: `${(h.box.x1 - h.box.x0) * 100}%`,
            height: `${(h.box.y1 - h.box.y0) * 100}%`,
          }}
        >
          <span className="highlight-label">{h.label}</span>
        </span>
      ))}
    </div>
  );
}

function PdfPages({ record, highlights = [] }: { record: DocketRecord; highlights?: Highlight[] }) {
  const { client } = useConsole();
  const [page, setPage] = useState(1);
  const image = useAsync(
    (signal) => client.blob(`/v1/records/${record.id}/pages/${page}`, signal),
    [client, record.id, page],
  );
  const count = Number(image.data?.headers.get('x-page-count') ?? record.pages ?? 1);
  const url = useObjectUrl(image.data?.blob);
  return (
    <div className="preview">
      <div className="pager">
        <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span aria-live="polite">
          Page {page} of {count}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={page >= count}
          onClick={() => setPage(page + 1)}
        >
          Next page
        </button>
      </div>
      {image.error ? <ErrorBanner error={image.error} onRetry={image.reload} /> : null}
      {url ? (
        <Highlighted
          highlights={highlights.filter((h) => h.page === page - 1 || (h.page === -1 && page === count))}
        >
          <img
            src={url}
            alt={`Page ${page} of ${record.filename ?? 'the file'}`}
            className={image.loading ? 'stale' : ''}
          />
        </Highlighted>
      ) : image.loading ? (
        <Loading label="Rendering the page…" />
      ) : null}
    </div>
  );
}

function ImageFile({ record, highlights = [] }: { record: DocketRecord; highlights?: Highlight[] }) {
  const { client } = useConsole();
  const file = useAsync(
    (signal) => client.blob(`/v1/records/${record.id}/file`, signal),
    [client, record.id],
  );
  const url = useObjectUrl(file.data?.blob);
  if (file.error) return <ErrorBanner error={file.error} onRetry={file.reload} />;
  if (!url) return <Loading label="Loading the image…" />;
  return (
    <div className="preview">
      <Highlighted highlights={highlights.filter((h) => h.page === 0 || h.page === -1)}>
        <img src={url} alt={record.filename ?? 'The uploaded image'} />
      </Highlighted>
    </div>
  );
}

export function FilePreview({ record, highlights }: { record: DocketRecord; highlights?: Highlight[] }) {
  const boxes = highlights ?? [];
  if (record.mime_type === 'application/pdf') return <PdfPages record={record} highlights={boxes} />;
  if (record.mime_type.startsWith('image/') && record.mime_type !== 'image/tiff')
    return <ImageFile record={record} highlights={boxes} />;
  return (
    <p>
      No preview for {record.mime_type} files. <DownloadLink record={record} />
    </p>
  );
}

/** Downloads the file with the API key (a plain link could not send it). */
export function DownloadLink({ record }: { record: DocketRecord }) {
  const { client } = useConsole();
  const [error, setError] = useState<Error>();
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={async () => {
          try {
            const { blob } = await client.blob(`/v1/records/${record.id}/file`);
            const url = URL.createObjectURL(blob);
            const a = document.createElement('a');
            a.href = url;
            a.download = record.filename ?? record.id;
            a.click();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          } catch (e) {
            setError(e as Error);
          }
        }}
      >
        Download the file
      </button>
      {error ? <ErrorBanner error={error} /> : null}
    </>
  );
}
