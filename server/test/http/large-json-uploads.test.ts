/**
 * JSON uploads large enough that their base64 field is decoded from the request's bytes
 * (http/base64-fields.ts): the file must arrive byte for byte, and everything a client can tell
 * from outside (types, errors, idempotent replays) must be what the whole-body parse gives.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
/** A text PDF with 300 KB after its `%%EOF` (readers ignore it): its base64 is well above 64 Ki characters. */
let pdf: Buffer;

beforeAll(async () => {
  t = await startTestDocket();
  pdf = Buffer.concat([await textPdf(['a large upload']), randomBytes(300_000)]);
});
afterAll(() => t.stop({ remove: true }));

async function storedFile(recordId: string): Promise<Buffer> {
  const response = await fetch(`${t.url}/v1/records/${recordId}/file`, { headers: { 'x-auth': t.apiKey } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const post = (route: string, text: string, headers: Record<string, string> = {}) =>
  api(t.url, t.apiKey, 'POST', route, text, { 'content-type': 'application/json', ...headers });

describe('large JSON uploads', () => {
  it('a seed upload stores the file byte for byte', async () => {
    const answer = await post(
      '/lab_reports',
      JSON.stringify({ body: pdf.toString('base64'), filename: 'big.pdf' }),
    );
    expect(answer.status).toBe(202);
    const id = answer.body.lab_report.record_id;
    expect((await storedFile(id)).equals(pdf)).toBe(true);
  });

  it('a data URL on the native route gives the file and its type', async () => {
    const body = { kind: 'text', body: `data:application/pdf;base64,${pdf.toString('base64url')}` };
    const answer = await post('/v1/records', JSON.stringify(body));
    expect(answer.status).toBe(202);
    expect(answer.body.mime_type).toBe('application/pdf');
    expect((await storedFile(answer.body.id)).equals(pdf)).toBe(true);
  });

  it('bad base64 in a large field gets the usual 400 naming the field', async () => {
    const text = pdf.toString('base64');
    const answer = await post(
      '/lab_reports',
      JSON.stringify({ body: `${text.slice(0, 70_000)}!${text.slice(70_001)}` }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_base64');
    expect(answer.body.error.message).toContain('body');
  });

  it('an idempotent repeat is recognised whichever way its body was parsed', async () => {
    const text = pdf.toString('base64');
    const headers = { 'idempotency-key': 'large-1' };
    const first = await post('/lab_reports', `{"body":"${text}"}`, headers);
    const again = await post('/lab_reports', `{"body":"${text}"}`, headers);
    // The same request with its first character escaped: the field is parsed with the whole body.
    const escaped = `\\u${text.charCodeAt(0).toString(16).padStart(4, '0')}${text.slice(1)}`;
    const wholeBody = await post('/lab_reports', `{ "body": "${escaped}" }`, headers);
    expect(first.status).toBe(202);
    for (const repeat of [again, wholeBody]) {
      expect(repeat.status).toBe(202);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(repeat.body).toEqual(first.body);
    }
    const changed = await post('/lab_reports', `{"body":"${text.slice(0, -4)}AAAA"}`, headers);
    expect(changed.status).toBe(422);
  });
});
