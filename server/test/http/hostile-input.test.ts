/**
 * Issue 17, items 2 and 5: input a careless or hostile client sends gets a 4xx that says what is
 * wrong, never a 500 and never a silent change of what was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
let pdf: Buffer;

beforeAll(async () => {
  t = await startTestDocket();
  pdf = await textPdf(['Hemoglobin 14.1 g/dL 13.5-17.5']);
});
afterAll(() => t.stop({ remove: true }));

const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  api(t.url, t.apiKey, 'POST', route, body, headers);

function expectError(
  response: { status: number; body: any },
  status: number,
  code: string,
  ...mentions: string[]
) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  for (const text of mentions) expect(response.body.error.message).toContain(text);
}

/** A multipart body by hand, so it can be wrong in ways FormData never is. */
function rawForm(boundary: string, parts: string[], close = true): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}${close ? `--${boundary}--\r\n` : ''}`;
}
const kindPart = 'Content-Disposition: form-data; name="kind"\r\n\r\ntext';
const filePart = (name: string) =>
  `Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 not much of a pdf`;

describe('malformed multipart answers 400 with what is wrong', () => {
  it('a multipart content-type without a boundary', async () => {
    const response = await post('/v1/records', rawForm('xyz', [kindPart, filePart('a.pdf')]), {
      'content-type': 'multipart/form-data',
    });
    expectError(response, 400, 'invalid_multipart', 'boundary');
  });

  it('a body that ends before its closing boundary', async () => {
    const body = rawForm('xyz', [kindPart, filePart('a.pdf')], false);
    const response = await post('/v1/records', body, { 'content-type': 'multipart/form-data; boundary=xyz' });
    expectError(response, 400, 'invalid_multipart', 'cut short');
  });

  it('two file parts: one file per request', async () => {
    const form = new FormData();
    form.set('kind', 'text');
    form.append('file', new Blob([pdf]), 'a.pdf');
    form.append('file', new Blob([pdf]), 'b.pdf');
    expectError(await post('/v1/records', form), 400, 'too_many_files', 'one file per request');
  });
});

describe('clearer errors', () => {
  it('__proto__ and constructor.prototype keys are refused by name and place', async () => {
    const b64 = pdf.toString('base64');
    const proto = await post('/lab_reports', `{"body":"${b64}","__proto__":{"admin":true}}`, {
      'content-type': 'application/json',
    });
    expectError(proto, 400, 'forbidden_json_key', '"__proto__"');
    const nested = await post(
      '/v1/records',
      `{"kind":"text","body":"${b64}","options":{"constructor":{"prototype":{}}}}`,
      { 'content-type': 'application/json' },
    );
    expectError(nested, 400, 'forbidden_json_key', '"constructor"', 'options.constructor');
    expect(nested.body.error.details.path).toBe('options.constructor');
  });

  it('multipart or text/plain to the seed routes is 415 naming application/json', async () => {
    for (const route of ['/lab_reports', '/nutrition_records']) {
      const form = new FormData();
      form.set('file', new Blob([pdf]), 'a.pdf');
      expectError(
        await post(route, form),
        415,
        'unsupported_content_type',
        'application/json',
        'multipart/form-data',
      );
      expectError(
        await post(route, 'hello', { 'content-type': 'text/plain' }),
        415,
        'unsupported_content_type',
        'application/json',
        'text/plain',
      );
    }
    // The native route takes both, and says so for anything else.
    expectError(
      await post('/v1/records', 'hello', { 'content-type': 'text/plain' }),
      415,
      'unsupported_content_type',
      'application/json or multipart/form-data',
    );
    expectError(
      await post('/lab_reports', '<x/>', { 'content-type': 'application/xml' }),
      415,
      'unsupported_content_type',
      'application/json',
    );
  });

  it('a number for application_user_id is refused, not stored as a string', async () => {
    const response = await post('/lab_reports', { body: pdf.toString('base64'), application_user_id: 7 });
    expectError(response, 400, 'invalid_request', 'application_user_id must be a string', '"7"');
    const native = await post('/v1/records', {
      kind: 'text',
      body: pdf.toString('base64'),
      application_user_id: 7,
    });
    expectError(native, 400, 'invalid_request', 'application_user_id');
    const quoted = await post('/lab_reports', { body: pdf.toString('base64'), application_user_id: '7' });
    expect(quoted.status).toBe(202);
  });

  it('NUL and bidi-override characters in filename or application_user_id are refused', async () => {
    const b64 = pdf.toString('base64');
    expectError(
      await post('/lab_reports', { body: b64, filename: 'report\u0000.pdf' }),
      400,
      'control_character',
      'filename',
      'U+0000',
    );
    expectError(
      await post('/lab_reports', { body: b64, application_user_id: 'user\u202Efdp.exe' }),
      400,
      'control_character',
      'application_user_id',
      'U+202E',
    );
    const form = new FormData();
    form.set('kind', 'text');
    form.set('file', new Blob([pdf]), 'evil\u202Egpj.pdf');
    expectError(await post('/v1/records', form), 400, 'control_character', 'filename');
    // Ordinary non-ASCII text is fine.
    const fine = await post('/lab_reports', {
      body: b64,
      filename: 'Befund Müller – 2026.pdf',
      application_user_id: 'ユーザー',
    });
    expect(fine.status).toBe(202);
  });
});
