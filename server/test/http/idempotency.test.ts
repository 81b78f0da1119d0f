import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
let body: string;

beforeAll(async () => {
  t = await startTestDocket();
  body = (await textPdf(['once only'])).toString('base64');
});
afterAll(() => t.stop({ remove: true }));

describe('Idempotency-Key', () => {
  it('a repeat returns the first answer and creates nothing new', async () => {
    const headers = { 'idempotency-key': 'upload-42' };
    const first = await api(
      t.url,
      t.apiKey,
      'POST',
      '/lab_reports',
      { body, mime_type: 'application/pdf' },
      headers,
    );
    const second = await api(
      t.url,
      t.apiKey,
      'POST',
      '/lab_reports',
      { body, mime_type: 'application/pdf' },
      headers,
    );
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const all = await api(t.url, t.apiKey, 'GET', '/v1/records?kind=lab_report');
    expect(
      all.body.data.filter((r: { id: string }) => r.id === first.body.lab_report.record_id),
    ).toHaveLength(1);
    expect(all.body.data).toHaveLength(1);
  });

  it('concurrent repeats still make one record', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body }, headers),
      ),
    );
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    for (const a of answers) expect([202, 409]).toContain(a.status);
  });

  it('the same key with a different request is refused', async () => {
    const headers = { 'idempotency-key': 'reused' };
    await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body }, headers);
    const other = await api(
      t.url,
      t.apiKey,
      'POST',
      '/v1/records',
      { kind: 'text', body, filename: 'x.pdf' },
      headers,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  it('keys are per application', async () => {
    const otherKey = (await t.docket.credentials.createApplication('other')).api_key;
    const headers = { 'idempotency-key': 'same-name' };
    const mine = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body }, headers);
    const theirs = await api(t.url, otherKey, 'POST', '/v1/records', { kind: 'text', body }, headers);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a failed request does not burn its key', async () => {
    const headers = { 'idempotency-key': 'retry-after-fix' };
    const bad = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body: '' }, headers);
    expect(bad.status).toBe(400);
    const good = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body }, headers);
    expect(good.status).toBe(202);
  });
});
