import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapCredentials, createDocket } from '../../src/main.ts';
import { api, makeDataDir, startTestDocket, type TestDocket, testConfig } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { testAdapterEnv } from '../support/postgres.ts';

let t: TestDocket;
let otherKey: string;

beforeAll(async () => {
  t = await startTestDocket();
  otherKey = (await t.docket.credentials.createApplication('other')).api_key;
});
afterAll(() => t.stop({ remove: true }));

describe('the default application', () => {
  it('is created once even when several processes start together on an empty database', async () => {
    const dataDir = await makeDataDir();
    const config = testConfig(dataDir, await testAdapterEnv(dataDir));
    const dockets = await Promise.all(
      [1, 2, 3].map(() => createDocket(config, { role: 'api', logger: pino({ level: 'silent' }) })),
    );
    try {
      const outcomes = await Promise.all(dockets.map((d) => bootstrapCredentials(d)));
      expect(outcomes.filter((o) => o !== null)).toHaveLength(1);
      expect(await dockets[0]!.store.applications.list()).toHaveLength(1);
    } finally {
      for (const d of dockets) await d.stop();
    }
  });
});

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
