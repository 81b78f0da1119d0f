/**
 * The SDK's seed 003 wrappers against a real Docket: an OAuth2 client made through the SDK, a
 * client that authenticates with it, polling, the PDF link, status confirmation, and the typed
 * error a missing scope gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocumentPdf } from '../../server/test/fixtures/documents/generate.ts';
import { Docket, DocketApiError } from '../src/index.ts';
import { api, startTestDocket, type TestDocket } from './support.ts';

let t: TestDocket;
let admin: Docket;

beforeAll(async () => {
  t = await startTestDocket();
  admin = new Docket({ baseUrl: t.url, apiKey: t.apiKey });
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe('documents through the SDK', () => {
  it('polls, downloads and confirms with OAuth2 client credentials', async () => {
    const { pdf } = await makeDocumentPdf('imaging_report', 81, 'en');
    const upload = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'document',
      body: pdf.toString('base64'),
      filename: 'scan.pdf',
      wait_on_process: true,
    });
    const validated = await admin.documents.validate(upload.body.id);
    expect(validated.state).toBe('verified');

    const client = await admin.oauthClients.create({
      name: 'pms',
      scopes: ['read:documents', 'write:document_integrations'],
    });
    const pms = new Docket({
      baseUrl: t.url,
      oauth: {
        clientId: client.client_id,
        clientSecret: client.client_secret!,
        authMethod: 'client_secret_basic',
      },
    });
    const page = await pms.documents.list({ synchronized: false });
    const doc = page.data.find((d) => d.uuid === upload.body.id)!;
    expect(doc.type).toBe('imaging_report');
    expect((await fetch(doc.pdf!.url)).status).toBe(200);
    const confirmed = await pms.documents.confirmStatus(doc.uuid, { success: true, directory: 'pms' });
    expect(confirmed.synchronized).toBe(true);
    expect((await pms.documents.get(doc.uuid)).integrationHistory).toHaveLength(1);

    const reader = new Docket({
      baseUrl: t.url,
      oauth: { clientId: client.client_id, clientSecret: client.client_secret!, scopes: ['read:documents'] },
    });
    const refused = await reader.documents.confirmStatus(doc.uuid, { success: true }).catch((e) => e);
    expect(refused).toBeInstanceOf(DocketApiError);
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('write:document_integrations');
  });
});
