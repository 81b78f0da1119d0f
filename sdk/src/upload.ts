/**
 * Turning what the caller has (a path, bytes, a Blob or File, a stream) into an upload body:
 * base64 inside JSON for small files (one round trip, no multipart parsing), multipart for large
 * ones and for streams, which are sent as they are read rather than held in memory.
 */

import { randomId, toBase64, utf8 } from './runtime.ts';
import type { BodySource } from './transport.ts';

/** A file to upload: a path (Node), bytes, a Blob or File, or a stream of bytes. */
export type FileInput = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/** Files at least this large go as multipart unless the client says otherwise. */
export const DEFAULT_MULTIPART_THRESHOLD = 1024 * 1024;

/** A file with what is known about it before it is read. */
export interface PreparedFile {
  filename: string | null;
  mimeType: string | null;
  /** null for streams. */
  size: number | null;
  /** The whole file (not for streams). */
  blob?: () => Promise<Blob>;
  stream?: ReadableStream<Uint8Array>;
}

function basename(filePath: string): string {
  return filePath.split(/[\\/]/).pop() || filePath;
}

async function fromPath(filePath: string): Promise<PreparedFile> {
  const fs = await import('node:fs');
  const { size } = await fs.promises.stat(filePath);
  // openAsBlob (Node 19.8+) reads the file as it is sent; older Nodes read it whole.
  const openAsBlob = (fs as { openAsBlob?: (p: string) => Promise<Blob> }).openAsBlob;
  return {
    filename: basename(filePath),
    mimeType: null,
    size,
    blob: async () => (openAsBlob ? openAsBlob(filePath) : new Blob([await fs.promises.readFile(filePath)])),
  };
}

export async function prepareFile(
  input: FileInput,
  hints: { filename?: string | undefined; mimeType?: string | undefined },
): Promise<PreparedFile> {
  let file: PreparedFile;
  if (typeof input === 'string') file = await fromPath(input);
  else if (input instanceof ReadableStream)
    file = { filename: null, mimeType: null, size: null, stream: input };
  else if (input instanceof Blob) {
    const name = (input as Blob & { name?: unknown }).name;
    file = {
      filename: typeof name === 'string' && name ? name : null,
      mimeType: input.type || null,
      size: input.size,
      blob: async () => input,
    };
  } else {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    file = {
      filename: null,
      mimeType: null,
      size: bytes.byteLength,
      blob: async () => new Blob([bytes as Uint8Array<ArrayBuffer>]),
    };
  }
  return {
    ...file,
    filename: hints.filename ?? file.filename,
    mimeType: hints.mimeType ?? file.mimeType,
  };
}

export function useMultipart(file: PreparedFile, threshold: number): boolean {
  return file.stream !== undefined || (file.size ?? Number.POSITIVE_INFINITY) >= threshold;
}

export async function base64Of(file: PreparedFile): Promise<string> {
  return toBase64(new Uint8Array(await (await file.blob!()).arrayBuffer()));
}

/** Whether this runtime's fetch can send a ReadableStream as a request body (Node, Chromium on HTTP/2). */
function canStreamRequests(): boolean {
  try {
    let duplexRead = false;
    const request = new Request('http://localhost/', {
      method: 'POST',
      body: new ReadableStream(),
      get duplex() {
        duplexRead = true;
        return 'half';
      },
    } as RequestInit);
    return duplexRead && !request.headers.has('content-type');
  } catch {
    return false;
  }
}

/** WHATWG's escaping of names in multipart/form-data headers. */
const quoted = (value: string) => value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A multipart body whose file part is the stream itself, read as the request is sent. */
function streamedMultipart(
  fields: ReadonlyArray<[string, string]>,
  fileField: string,
  file: PreparedFile,
): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `----docket-${randomId()}`;
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\ncontent-disposition: form-data; name="${quoted(fileField)}"; ` +
    `filename="${quoted(file.filename ?? 'upload')}"\r\n` +
    `content-type: ${file.mimeType ?? 'application/octet-stream'}\r\n\r\n`;
  const reader = file.stream!.getReader();
  let stage: 'head' | 'file' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(utf8(head));
        return;
      }
      if (stage === 'file') {
        const { value, done } = await reader.read();
        if (!done) {
          controller.enqueue(value);
          return;
        }
        stage = 'done';
        controller.enqueue(utf8(`\r\n--${boundary}--\r\n`));
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A multipart body: `fields` first, then the file under `fileField`. Files with a Blob go as
 * FormData (rebuilt for each retry); streams are streamed where fetch can, else read into a Blob
 * first (browsers without request streaming).
 */
export function multipartBody(
  fields: ReadonlyArray<[string, string]>,
  fileField: string,
  file: PreparedFile,
): BodySource {
  if (file.stream && canStreamRequests()) {
    return {
      once: true,
      make: async () => ({ ...streamedMultipart(fields, fileField, file), streamed: true }),
    };
  }
  const blob = file.blob ?? (async () => new Response(file.stream).blob());
  let cached: Promise<Blob> | null = null;
  return {
    once: false,
    make: async () => {
      cached ??= blob();
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      const content = await cached;
      const typed = file.mimeType && !content.type ? new Blob([content], { type: file.mimeType }) : content;
      form.append(fileField, typed, file.filename ?? 'upload');
      return { body: form };
    },
  };
}
