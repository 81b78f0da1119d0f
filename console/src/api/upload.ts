/**
 * Uploads one file as multipart to `POST /v1/records` with XMLHttpRequest, the one browser API
 * that reports upload progress. Each upload carries its own Idempotency-Key, so a retry after a
 * dropped connection never makes a second record.
 */
import { type ApiClient, toApiError } from './client.ts';
import type { DocketRecord } from './types.ts';

export interface UploadOptions {
  kind: string;
  applicationUserId?: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

function idempotencyKey(): string {
  // randomUUID needs a secure context (https or localhost); the fallback suits plain-http hosts.
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function uploadFile(client: ApiClient, file: File, options: UploadOptions): Promise<DocketRecord> {
  const form = new FormData();
  form.set('kind', options.kind);
  form.set('filename', file.name);
  if (options.applicationUserId) form.set('application_user_id', options.applicationUserId);
  form.set('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${client.baseUrl}/v1/records`);
    for (const [name, value] of Object.entries(client.authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('idempotency-key', idempotencyKey());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(file.size, file.size);
        resolve(JSON.parse(xhr.responseText) as DocketRecord);
      } else reject(toApiError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new Error('the upload was interrupted: check the connection and try again'));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
