/**
 * Upload by drag and drop (or the file picker): several files and ZIPs at once, three at a time,
 * each with its progress bar, then its record's status until the analysis finishes.
 */
import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { DocketRecord } from '../api/types.ts';
import { uploadFile } from '../api/upload.ts';
import { PageHeader } from '../components/feedback.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatBytes } from '../lib/format.ts';
import { href } from '../lib/router.ts';

const KINDS = [
  { value: 'text', label: 'text: layout text of PDFs' },
  { value: 'lab_report', label: 'lab_report: lab results (PDF, scans, photos)' },
  { value: 'nutrition', label: 'nutrition: food photos' },
  { value: 'document', label: 'document: medical documents to validate (seed 003)' },
];
const PARALLEL = 3;

interface Item {
  id: number;
  file: File;
  kind: string;
  sent: number;
  state: 'waiting' | 'uploading' | 'uploaded' | 'refused';
  record?: DocketRecord;
  error?: string;
}

export function UploadPage() {
  const { client } = useConsole();
  const [kind, setKind] = useState('text');
  const [userId, setUserId] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextId = useRef(1);
  const inputRef = useRef<HTMLInputElement>(null);

  const update = useCallback((id: number, change: Partial<Item>) => {
    setItems((all) => all.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const add = (files: FileList | File[]) => {
    const added = [...files].map((file) => ({
      id: nextId.current++,
      file,
      kind,
      sent: 0,
      state: 'waiting' as const,
    }));
    setItems((all) => [...added, ...all]);
  };

  // Start waiting uploads while fewer than PARALLEL are running.
  useEffect(() => {
    const running = items.filter((i) => i.state === 'uploading').length;
    const waiting = items.filter((i) => i.state === 'waiting').slice(0, Math.max(0, PARALLEL - running));
    for (const item of waiting) {
      update(item.id, { state: 'uploading' });
      uploadFile(client, item.file, {
        kind: item.kind,
        ...(userId ? { applicationUserId: userId } : {}),
        onProgress: (sent) => update(item.id, { sent }),
      }).then(
        (record) => update(item.id, { state: 'uploaded', record, sent: item.file.size }),
        (error: Error) => update(item.id, { state: 'refused', error: error.message }),
      );
    }
  }, [items, client, update, userId]);

  // Follow the records of finished uploads until their analysis ends.
  const unfinished = items
    .filter((i) => i.record && (i.record.status === 'queued' || i.record.status === 'processing'))
    .map((i) => `${i.id}:${i.record!.id}`)
    .join(',');
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(async () => {
      for (const pair of unfinished.split(',')) {
        const [id, recordId] = pair.split(':');
        try {
          const record = await client.get<DocketRecord>(`/v1/records/${recordId}`);
          update(Number(id), { record });
        } catch {
          // A failed poll is retried on the next tick.
        }
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [unfinished, client, update]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) add(event.dataTransfer.files);
  };

  return (
    <>
      <PageHeader title="Upload" />
      <div className="upload-options">
        <label>
          Kind of analysis
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Application user id <span className="muted">(optional)</span>
          </span>
          <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="patient-42" />
        </label>
      </div>
      <section
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        aria-label="Drop files here"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          <strong>Drop PDFs, images or ZIPs here</strong>
        </p>
        <p>or</p>
        <label className="button" htmlFor="file-input">
          Choose files
        </label>
        <input
          ref={inputRef}
          id="file-input"
          className="visually-hidden-input"
          type="file"
          multiple
          accept=".pdf,.zip,image/*,application/pdf,application/zip"
          onChange={(e) => {
            if (e.target.files) add(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="help">
          Each file becomes a record of the chosen kind. A ZIP is sent as it is: kinds that take batches
          expand it into one record per file; others refuse it and say why.
        </p>
      </section>
      {items.length > 0 ? (
        <ul className="uploads" aria-label="Uploads">
          {items.map((item) => (
            <li key={item.id} className={item.state}>
              <div className="upload-head">
                <strong>{item.file.name}</strong>
                <span className="muted">
                  {formatBytes(item.file.size)} · {item.kind}
                </span>
                {item.record ? <StatusBadge status={item.record.status} /> : null}
                {item.state === 'refused' ? <StatusBadge status="failed" /> : null}
              </div>
              {item.state === 'uploading' || item.state === 'waiting' ? (
                <ProgressBar value={item.sent} max={item.file.size} label={`Uploading ${item.file.name}`} />
              ) : null}
              {item.state === 'refused' ? (
                <p className="field-error" role="alert">
                  Not accepted: {item.error}
                </p>
              ) : null}
              {item.record ? (
                <p>
                  <a href={href(`/records/${item.record.id}`)}>Open the record</a>
                  {item.record.stage ? <span className="muted"> · {item.record.stage}</span> : null}
                  {item.record.error ? (
                    <span className="field-error"> · {item.record.error.message}</span>
                  ) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
