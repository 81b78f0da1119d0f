import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { corruptPdf, textPdf } from '../support/pdfs.ts';

/** One Server-Sent Event as the stream framed it. */
interface Frame {
  id: string | undefined;
  event: string | undefined;
  data: any;
}

interface OpenedStream {
  status: number;
  contentType: string | null;
  /** The next event frame (comments and `retry:` frames skipped); null once the stream ended. */
  next(): Promise<Frame | null>;
  /** Every comment line seen so far. */
  comments: string[];
  close(): void;
}

/** A minimal SSE reader: frames end at a blank line; `:` lines are comments. */
async function openStream(
  t: TestDocket,
  query = '',
  headers: Record<string, string> = {},
  key = t.apiKey,
): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(`${t.url}/v1/events/stream${query}`, {
    headers: { 'x-auth': key, ...headers },
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    comments,
    close: () => controller.abort(),
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          comments.push(...lines.filter((l) => l.startsWith(':')));
          const data = field('data');
          if (data !== undefined) return { id: field('id'), event: field('event'), data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
    },
  };
}

let t: TestDocket;
let pdf: string;

async function upload(body = pdf, key = t.apiKey): Promise<string> {
  const r = await api(t.url, key, 'POST', '/v1/records', { kind: 'text', body });
  expect(r.status).toBe(202);
  return r.body.id;
}

beforeAll(async () => {
  t = await startTestDocket();
  pdf = (await textPdf(['streamed'])).toString('base64');
});
afterAll(async () => t.stop({ remove: true }));

describe('GET /v1/events/stream', () => {
  it('sends each new event with its seq as id, its type as event and the event as data', async () => {
    const stream = await openStream(t);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const id = await upload();
      const frame = (await stream.next())!;
      expect(frame.event).toBe('record.completed');
      expect(frame.data).toMatchObject({ type: 'record.completed', record_id: id });
      expect(frame.id).toBe(String(frame.data.seq));
      expect(frame.data.data).toMatchObject({ type: 'record.completed', data: { id, status: 'completed' } });
      // The same event as the log shows it.
      const log = await api(t.url, t.apiKey, 'GET', `/v1/events?after=${frame.data.seq - 1}&limit=1`);
      expect(log.body.data[0]).toEqual(frame.data);
    } finally {
      stream.close();
    }
  });

  it('resumes after Last-Event-ID, which wins over after=', async () => {
    const first = await upload();
    const second = await upload();
    const all = await openStream(t, '?after=0');
    const seen: Frame[] = [];
    try {
      while (!seen.some((f) => f.data.record_id === second)) seen.push((await all.next())!);
    } finally {
      all.close();
    }
    expect(seen.map((f) => Number(f.id))).toEqual([...seen.map((f) => Number(f.id))].sort((a, b) => a - b));
    const firstEvent = seen.find((f) => f.data.record_id === first)!;
    const resumed = await openStream(t, '?after=0', { 'last-event-id': firstEvent.id! });
    try {
      const next = (await resumed.next())!;
      expect(Number(next.id)).toBeGreaterThan(Number(firstEvent.id));
      expect(next.data.record_id).toBe(second);
    } finally {
      resumed.close();
    }
  });

  it('filters by type and never shows another application its events', async () => {
    const other = await t.docket.credentials.createApplication('stream-other');
    const failures = await openStream(t, '?type=record.failed');
    const othersView = await openStream(t, '', {}, other.api_key);
    try {
      await upload(); // completes: filtered out of the first stream, invisible to the other application
      const broken = await upload(corruptPdf().toString('base64'));
      const failed = (await failures.next())!;
      expect(failed.event).toBe('record.failed');
      expect(failed.data.record_id).toBe(broken);
      const own = await upload(pdf, other.api_key);
      const seen = (await othersView.next())!;
      expect(seen.data.record_id).toBe(own);
    } finally {
      failures.close();
      othersView.close();
    }
  });

  it('refuses a Last-Event-ID that is not a seq, and a request without a key', async () => {
    const bad = await api(t.url, t.apiKey, 'GET', '/v1/events/stream', undefined, {
      'last-event-id': 'abc',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_last_event_id');
    const anonymous = await api(t.url, null, 'GET', '/v1/events/stream');
    expect(anonymous.status).toBe(401);
  });

  it('sees events that a separate worker process wrote (by polling the log)', async () => {
    const apiOnly = await startTestDocket({ role: 'api' });
    const worker = await startTestDocket({ role: 'worker', dataDir: apiOnly.dataDir });
    try {
      const stream = await openStream(apiOnly);
      try {
        const r = await api(apiOnly.url, apiOnly.apiKey, 'POST', '/v1/records', { kind: 'text', body: pdf });
        const frame = (await stream.next())!;
        expect(frame.data.record_id).toBe(r.body.id);
      } finally {
        stream.close();
      }
    } finally {
      await worker.stop();
      await apiOnly.stop({ remove: true });
    }
  });

  it('ends open streams on shutdown, so stopping Docket does not hang', async () => {
    const own = await startTestDocket();
    const stream = await openStream(own);
    await own.stop({ remove: true });
    expect(await stream.next()).toBeNull();
  });
});
