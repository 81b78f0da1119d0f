import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { corruptPdf, encryptedPdf, textPdf, tinyPng } from '../support/pdfs.ts';

let t: TestDocket;
let pdf: string;

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_MAX_UPLOAD_BYTES: '20000' } });
  pdf = (await textPdf(['small'])).toString('base64');
});
afterAll(() => t.stop({ remove: true }));

const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  api(t.url, t.apiKey, 'POST', route, body, headers);

function expectError(
  response: { status: number; body: any },
  status: number,
  code: string,
  mentions?: string,
) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  if (mentions) expect(response.body.error.message).toContain(mentions);
}

describe('bad input gets the right status and a message that says what to fix', () => {
  it('401 without a key or with a wrong one', async () => {
    expectError(await api(t.url, null, 'GET', '/v1/records'), 401, 'missing_api_key', 'x-auth');
    expectError(await api(t.url, 'dk_nope', 'GET', '/v1/records'), 401, 'invalid_api_key');
    const bearer = await api(t.url, null, 'GET', '/v1/records', undefined, {
      authorization: `Bearer ${t.apiKey}`,
    });
    expect(bearer.status).toBe(200);
  });

  it('400 for malformed JSON', async () => {
    expectError(
      await post('/lab_reports', '{"body": ', { 'content-type': 'application/json' }),
      400,
      'invalid_json',
    );
  });

  it('400 for an empty JSON body and for prototype-poisoning keys, at any depth', async () => {
    expectError(await post('/lab_reports', '', { 'content-type': 'application/json' }), 400, 'invalid_json');
    const poisoned = [
      `{"body": "${pdf}", "__proto__": {"admin": true}}`,
      `{"body": "${pdf}", "options": {"constructor": {"prototype": {"admin": true}}}}`,
      `[{"__proto__": {}}]`,
    ];
    for (const text of poisoned) {
      expectError(
        await post('/lab_reports', text, { 'content-type': 'application/json' }),
        400,
        'forbidden_json_key',
      );
    }
    // The words themselves are fine inside values, e.g. in a file name.
    const named = await post('/lab_reports', { body: pdf, filename: '__proto__ constructor.pdf' });
    expect(named.status).toBe(202);
  });

  it('400 naming the missing fields', async () => {
    expectError(await post('/lab_reports', { mime_type: 'application/pdf' }), 400, 'invalid_request', 'body');
    expectError(await post('/v1/records', { body: pdf }), 400, 'invalid_request', 'kind');
    expectError(await post('/v1/records', { kind: 'text' }), 400, 'invalid_request', 'body');
  });

  it('400 for base64 that is not base64', async () => {
    expectError(await post('/lab_reports', { body: 'not base64 at all!!' }), 400, 'invalid_base64', 'body');
  });

  it('400 for an empty file and for an unknown kind', async () => {
    expectError(await post('/v1/records', { kind: 'text', body: '' }), 400, 'empty_file');
    expectError(await post('/v1/records', { kind: 'horoscope', body: pdf }), 400, 'unknown_kind', 'text');
  });

  it('415 for types the kind does not take, unknown bytes, and a mime_type that lies', async () => {
    expectError(
      await post('/v1/records', { kind: 'text', body: tinyPng.toString('base64') }),
      415,
      'unsupported_file_type',
      'image/png',
    );
    expectError(
      await post('/v1/records', { kind: 'text', body: Buffer.from('just some words').toString('base64') }),
      415,
      'unsupported_file_type',
    );
    expectError(
      await post('/lab_reports', { mime_type: 'image/jpeg', body: pdf }),
      415,
      'mime_type_mismatch',
      'application/pdf',
    );
  });

  it('413 over the configured size limit, for JSON and multipart', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(30_000, 0x20)]);
    expectError(
      await post('/v1/records', { kind: 'text', body: big.toString('base64') }),
      413,
      'file_too_large',
    );
    const form = new FormData();
    form.set('kind', 'text');
    form.set('file', new Blob([big]), 'big.pdf');
    expectError(await post('/v1/records', form), 413, 'file_too_large', '20000');
  });

  it('404 for unknown records and routes', async () => {
    expectError(
      await api(t.url, t.apiKey, 'GET', '/v1/records/00000000-0000-0000-0000-000000000000'),
      404,
      'record_not_found',
    );
    expectError(await api(t.url, t.apiKey, 'GET', '/lab_reports/nope'), 404, 'record_not_found');
    expectError(await api(t.url, t.apiKey, 'GET', '/nowhere'), 404, 'route_not_found');
  });

  it('accepts corrupt and encrypted PDFs, then fails them with a reason a person can act on', async () => {
    const corrupt = await post('/v1/records', { kind: 'text', body: corruptPdf().toString('base64') });
    const encrypted = await post('/v1/records', {
      kind: 'text',
      body: (await encryptedPdf()).toString('base64'),
    });
    expect(corrupt.status).toBe(202);
    expect(encrypted.status).toBe(202);
    const failed = async (id: string) =>
      eventually(async () => {
        const r = await api(t.url, t.apiKey, 'GET', `/v1/records/${id}`);
        return r.body.status === 'failed' ? r.body : null;
      });
    const c = await failed(corrupt.body.id);
    expect(c.error.code).toBe('pdf_corrupt');
    expect(c.error.message).toMatch(/upload/);
    const e = await failed(encrypted.body.id);
    expect(e.error.code).toBe('pdf_encrypted');
    expect(e.error.message).toMatch(/password/);
  });

  it('a rejected upload leaves earlier records untouched', async () => {
    const good = await post('/v1/records', { kind: 'text', body: pdf });
    await post('/v1/records', { kind: 'text', body: '%%%' });
    const again = await api(t.url, t.apiKey, 'GET', `/v1/records/${good.body.id}`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(good.body.id);
  });
});
