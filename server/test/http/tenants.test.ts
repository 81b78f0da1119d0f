import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

let t: TestDocket;
let otherKey: string;

beforeAll(async () => {
  t = await startTestDocket();
  otherKey = (await t.docket.credentials.createApplication('other')).api_key;
});
afterAll(() => t.stop({ remove: true }));

describe('tenant isolation', () => {
  it("never shows one application's records to another (404, not 403)", async () => {
    const body = (await textPdf(['mine'])).toString('base64');
    const lab = await api(t.url, t.apiKey, 'POST', '/lab_reports', { body, mime_type: 'application/pdf' });
    const nativeRecord = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    const labId = lab.body.lab_report.record_id;

    expect((await api(t.url, otherKey, 'GET', `/lab_reports/${labId}`)).status).toBe(404);
    expect((await api(t.url, otherKey, 'GET', `/v1/records/${labId}`)).status).toBe(404);
    expect((await api(t.url, otherKey, 'GET', `/v1/records/${nativeRecord.body.id}`)).status).toBe(404);
    const list = await api(t.url, otherKey, 'GET', '/v1/records');
    expect(list.body.data).toEqual([]);

    expect((await api(t.url, t.apiKey, 'GET', `/lab_reports/${labId}`)).status).toBe(200);
  });

  it('a key created for an application sees that application only', async () => {
    const second = await t.docket.credentials.createApiKey(t.applicationId, 'second');
    const body = (await textPdf(['shared'])).toString('base64');
    const created = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    expect((await api(t.url, second, 'GET', `/v1/records/${created.body.id}`)).status).toBe(200);
  });

  it('a record of another kind is not found through a profile', async () => {
    const body = (await textPdf(['text kind'])).toString('base64');
    const created = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    expect((await api(t.url, t.apiKey, 'GET', `/lab_reports/${created.body.id}`)).status).toBe(404);
    expect((await api(t.url, t.apiKey, 'GET', `/nutrition_records/${created.body.id}`)).status).toBe(404);
  });
});
