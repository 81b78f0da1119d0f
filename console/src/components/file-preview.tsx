/**
 * The record's file: PDF pages rendered by Docket (`/v1/records/{id}/pages/{n}`), images as they
 * are (`/file`). Both are fetched with the API key and shown through object URLs.
 */
import { useEffect, useState } from 'react';
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

function PdfPages({ record }: { record: DocketRecord }) {
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
        <img
          src={url}
          alt={`Page ${page} of ${record.filename ?? 'the file'}`}
          className={image.loading ? 'stale' : ''}
        />
      ) : image.loading ? (
        <Loading label="Rendering the page…" />
      ) : null}
    </div>
  );
}

function ImageFile({ record }: { record: DocketRecord }) {
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
      <img src={url} alt={record.filename ?? 'The uploaded image'} />
    </div>
  );
}

export function FilePreview({ record }: { record: DocketRecord }) {
  if (record.mime_type === 'application/pdf') return <PdfPages record={record} />;
  if (record.mime_type.startsWith('image/') && record.mime_type !== 'image/tiff')
    return <ImageFile record={record} />;
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
