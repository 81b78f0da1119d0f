import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Docket, type DocketRecord } from '../src/index.ts';
import { startTestDocket, type TestDocket, textPdf } from './support.ts';

let t: TestDocket;
let docket: Docket;
let pdf: Buffer;
let workDir: string;

/** Records every request the client makes, to see what it sent. */
function recordingFetch(seen: Array<{ method: string; url: string; headers: Headers }>): typeof fetch {
  return async (input, init) => {
    seen.push({ method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers) });
    return fetch(input, init);
  };
}

beforeAll(async () => {
  t = await startTestDocket();
  docket = new Docket({ baseUrl: t.url, apiKey: t.apiKey });
  pdf = await textPdf(['Hello from the SDK']);
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-sdk-'));
});
afterAll(async () => {
  await t.stop({ remove: true });
  await fs.rm(workDir, { recursive: true, force: true });
});

const pageText = (record: DocketRecord) =>
  (record.result as { pages: Array<{ text: string }> }).pages[0]!.text;

describe('submit and waitFor', () => {
  it('uploads bytes as base64 JSON and waits for the result', async () => {
    const seen: Array<{ method: string; url: string; headers: Headers }> = [];
    const client = new Docket({ baseUrl: t.url, apiKey: t.apiKey, fetch: recordingFetch(seen) });
    const record = await client.submit(pdf, { kind: 'text', filename: 'hello.pdf' });
    expect(['queued', 'processing', 'completed']).toContain(record.status);
    const done = await client.waitFor(record, { timeout: 30_000 });
    expect(done.status).toBe('completed');
    expect(done.filename).toBe('hello.pdf');
    expect(pageText(done)).toContain('Hello from the SDK');
    const upload = seen.find((r) => r.method === 'POST')!;
    expect(upload.headers.get('content-type')).toBe('application/json');
    expect(upload.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(upload.headers.get('authorization')).toBe(`Bearer ${t.apiKey}`);
    expect(seen.filter((r) => r.method === 'GET').every((r) => !r.headers.has('idempotency-key'))).toBe(true);
  });

  it('reads a path, takes its file name, and sends large files as multipart', async () => {
    const file = path.join(workDir, 'from-disk.pdf');
    await fs.writeFile(file, pdf);
    const seen: Array<{ method: string; url: string; headers: Headers }> = [];
    const client = new Docket({
      baseUrl: t.url,
      apiKey: t.apiKey,
      multipartThreshold: 1,
      fetch: recordingFetch(seen),
    });
    const done = await client.submit(file, { kind: 'text', waitOnProcess: true });
    expect(done.status).toBe('completed');
    expect(done.filename).toBe('from-disk.pdf');
    expect(seen[0]!.headers.get('content-type')).toBeNull(); // FormData sets its own boundary
  });

  it('streams a ReadableStream as multipart, and takes a Blob', async () => {
    const stream = new Blob([pdf]).stream();
    const streamed = await docket.submit(stream, {
      kind: 'text',
      filename: 'streamed.pdf',
      options: { note: 'x' },
    });
    const blob = new File([pdf], 'blob.pdf', { type: 'application/pdf' });
    const fromBlob = await docket.submit(blob, { kind: 'text' });
    const [a, b] = await Promise.all([docket.waitFor(streamed), docket.waitFor(fromBlob)]);
    expect(a.status).toBe('completed');
    expect(a.filename).toBe('streamed.pdf');
    expect(a.options).toEqual({ note: 'x' });
    expect(b.filename).toBe('blob.pdf');
    expect(pageText(b)).toContain('Hello from the SDK');
  });

  it('makes a repeated submission with the same idempotency key return the first record', async () => {
    const first = await docket.submit(pdf, { kind: 'text', idempotencyKey: 'same-upload-1' });
    const again = await docket.submit(pdf, { kind: 'text', idempotencyKey: 'same-upload-1' });
    expect(again.id).toBe(first.id);
  });

  it('gives up waiting with a DocketTimeoutError that carries the record, and stops on abort', async () => {
    const apiOnly = await startTestDocket({ role: 'api' }); // no worker: nothing ever finishes
    try {
      const client = new Docket({ baseUrl: apiOnly.url, apiKey: apiOnly.apiKey });
      const record = await client.submit(pdf, { kind: 'text' });
      const timedOut = await client.waitFor(record, { timeout: 300 }).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({
        name: 'DocketTimeoutError',
        record: { id: record.id, status: 'queued' },
      });
      const controller = new AbortController();
      const waiting = client.waitFor(record.id, { signal: controller.signal });
      controller.abort(new Error('stop waiting'));
      await expect(waiting).rejects.toThrow('stop waiting');
    } finally {
      await apiOnly.stop({ remove: true });
    }
  });
});

describe('records.list', () => {
  it('iterates over every page lazily, newest first', async () => {
    const own = await t.docket.credentials.createApplication('pages');
    const client = new Docket({ baseUrl: t.url, apiKey: own.api_key });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.submit(pdf, { kind: 'text' })).id);
    const pages = [];
    for await (const page of client.records.list({ limit: 2 }).pages()) pages.push(page);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    const listed: string[] = [];
    for await (const record of client.records.list({ limit: 2 })) listed.push(record.id);
    expect(listed).toEqual([...ids].reverse());
    expect((await client.records.list({ limit: 2 }).toArray(3)).length).toBe(3);
    expect((await client.records.list({ limit: 200, kind: 'nothing-like-this' }).firstPage()).data).toEqual(
      [],
    );
  });
});
