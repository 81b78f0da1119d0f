import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
let pdf: Buffer;

beforeAll(async () => {
  t = await startTestDocket();
  pdf = await textPdf(['Hello Docket, page one.', 'And page two.']);
});
afterAll(() => t.stop({ remove: true }));

describe('native records API', () => {
  it('accepts a base64 JSON upload at once and analyses it in the background', async () => {
    const accepted = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'text',
      mime_type: 'application/pdf',
      body: pdf.toString('base64'),
      filename: 'hello.pdf',
      application_user_id: 'user-1',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      kind: 'text',
      filename: 'hello.pdf',
      application_user_id: 'user-1',
    });
    expect(['queued', 'processing', 'completed']).toContain(accepted.body.status);

    const done = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/v1/records/${accepted.body.id}`);
      return r.body.status === 'completed' ? r.body : null;
    });
    expect(done.pages).toBe(2);
    expect(done.result.page_count).toBe(2);
    expect(done.result.pages[0].text).toContain('Hello Docket, page one.');
    expect(done.result.pages[1].text).toContain('And page two.');
    expect(done.result.pages[0].boxes[0]).toMatchObject({ text: expect.stringContaining('Hello') });
    expect(done.completed_at).not.toBeNull();
  });

  it('accepts multipart uploads with a file part', async () => {
    const form = new FormData();
    form.set('kind', 'text');
    form.set('application_user_id', 'user-2');
    form.set('wait_on_process', 'true');
    form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'multi.pdf');
    const response = await api(t.url, t.apiKey, 'POST', '/v1/records', form);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'completed',
      filename: 'multi.pdf',
      application_user_id: 'user-2',
      pages: 2,
    });
  });

  it('lists records newest first with cursor pagination and filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api(t.url, t.apiKey, 'POST', '/v1/records', {
        kind: 'text',
        body: pdf.toString('base64'),
      });
      ids.push(r.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await api(
        t.url,
        t.apiKey,
        'GET',
        `/v1/records?kind=text&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((r: { id: string }) => r.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    // Newest first: the last upload comes before the first.
    expect(seen.indexOf(ids[4]!)).toBeLessThan(seen.indexOf(ids[0]!));

    const none = await api(t.url, t.apiKey, 'GET', '/v1/records?kind=nutrition');
    expect(none.body.data).toEqual([]);
    const future = await api(t.url, t.apiKey, 'GET', '/v1/records?created_after=2999-01-01T00:00:00Z');
    expect(future.body.data).toEqual([]);
    await eventually(async () => {
      const done = await api(t.url, t.apiKey, 'GET', '/v1/records?status=completed&limit=200');
      return done.body.data.filter((r: { id: string }) => ids.includes(r.id)).length === ids.length;
    });
  });

  it('serves health, readiness, metrics, OpenAPI and the reference page without a key', async () => {
    expect((await api(t.url, null, 'GET', '/healthz')).status).toBe(200);
    const ready = await api(t.url, null, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', queue: { cap: null } });
    const metrics = await api(t.url, null, 'GET', '/metrics');
    expect(metrics.body).toContain('docket_records_finished_total');
    const openapi = await api(t.url, null, 'GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/lab_reports', '/lab_reports/{id}', '/nutrition_records', '/v1/records']),
    );
    // Responses are documented from the same TypeBox schemas that serialise them.
    const upload = openapi.body.paths['/v1/records'].post;
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['200', '202', '4XX']));
    const recordSchema = upload.responses['202'].content['application/json'].schema;
    expect(Object.keys(recordSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'status', 'result']),
    );
    const docs = await fetch(`${t.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
