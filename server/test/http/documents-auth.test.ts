/**
 * Who may do what in seed 003: OAuth2 client credentials (form or JSON, form fields or HTTP
 * Basic), tokens that carry scopes (403 naming the missing one), scoped API keys, bad tokens
 * (401), tampered download links (403), and another application's documents (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import {
  accessToken,
  oauthClient,
  requestToken,
  validatedDocument,
  withToken,
} from '../support/documents.ts';
import { testAdapterSet } from '../support/postgres.ts';

let t: TestDocket;
let documentId: string;

beforeAll(async () => {
  t = await startTestDocket();
  documentId = await validatedDocument(t.url, t.apiKey, 61);
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe('POST /oauth/token', () => {
  it('issues a Bearer token for form fields, HTTP Basic or JSON, with the scopes asked for', async () => {
    const client = await oauthClient(t.url, t.apiKey, ['read:documents', 'write:document_integrations']);
    const form = await requestToken(t.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      scope: 'read:documents',
    });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ token_type: 'Bearer', scope: 'read:documents', expires_in: 900 });

    const basic = await requestToken(
      t.url,
      { grant_type: 'client_credentials' },
      {
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
    );
    expect(basic.status).toBe(200);
    expect(basic.body.scope).toBe('read:documents write:document_integrations');

    const json = await api(t.url, null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    expect(json.status).toBe(200);
    expect((await withToken(t.url, json.body.access_token, 'GET', `/documents/${documentId}`)).status).toBe(
      200,
    );
  });

  it('refuses a wrong secret (401), another grant type (400) and scopes beyond the client (400)', async () => {
    const client = await oauthClient(t.url, t.apiKey, ['read:documents']);
    const wrong = await requestToken(t.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: 'dkcs_guess',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_client');
    const grant = await requestToken(t.url, { grant_type: 'password', client_id: client.client_id });
    expect(grant.status).toBe(400);
    expect(grant.body.error.message).toContain('client_credentials');
    const beyond = await requestToken(t.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      scope: 'read:documents write:document_integrations',
    });
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.message).toContain('write:document_integrations');
  });

  it('stops accepting tokens of a revoked client', async () => {
    const client = await oauthClient(t.url, t.apiKey, ['read:documents']);
    const token = (
      await requestToken(t.url, {
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
      })
    ).body.access_token;
    expect((await api(t.url, t.apiKey, 'DELETE', `/v1/oauth-clients/${client.client_id}`)).status).toBe(204);
    const refused = await withToken(t.url, token, 'GET', '/documents');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('revoked');
    const listed = (await api(t.url, t.apiKey, 'GET', '/v1/oauth-clients')).body.data;
    const entry = listed.find((c: any) => c.client_id === client.client_id);
    expect(entry.revoked_at).toEqual(expect.any(String));
    expect(entry.client_secret).toBeUndefined();
  });

  it('refuses clients with unknown scopes, naming the known ones', async () => {
    const bad = await api(t.url, t.apiKey, 'POST', '/v1/oauth-clients', { name: 'x', scopes: ['admin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('read:documents');
  });
});

describe('scopes', () => {
  it('a token without write:document_integrations may read but not confirm (403 naming the scope)', async () => {
    const token = await accessToken(t.url, t.apiKey, ['read:documents']);
    expect((await withToken(t.url, token, 'GET', '/documents?synchronized=false')).status).toBe(200);
    const confirm = await withToken(t.url, token, 'POST', `/documents/${documentId}/status`, {
      success: true,
    });
    expect(confirm.status).toBe(403);
    expect(confirm.body.error.code).toBe('missing_scope');
    expect(confirm.body.error.message).toContain('write:document_integrations');
  });

  it('a token without read:documents may not read, nor reach routes outside its scopes', async () => {
    const token = await accessToken(t.url, t.apiKey, ['write:document_integrations']);
    const read = await withToken(t.url, token, 'GET', '/documents');
    expect(read.status).toBe(403);
    expect(read.body.error.message).toContain('read:documents');
    const hooks = await withToken(t.url, token, 'POST', '/webhooks', {
      url: 'https://example.com',
      events: [],
    });
    expect(hooks.status).toBe(403);
    expect(hooks.body.error.message).toContain('write:webhooks');
    const records = await withToken(t.url, token, 'GET', '/v1/records');
    expect(records.status).toBe(403);
    expect(records.body.error.message).toContain('without scope restrictions');
  });

  it('a webhooks token manages /webhooks', async () => {
    const token = await accessToken(t.url, t.apiKey, ['read:webhooks']);
    expect((await withToken(t.url, token, 'GET', '/webhooks')).status).toBe(200);
  });

  it('API keys can carry scopes too', async () => {
    const key = await t.docket.credentials.createApiKey(t.applicationId, 'poller', ['read:documents']);
    expect((await api(t.url, key, 'GET', `/documents/${documentId}`)).status).toBe(200);
    const upload = await api(t.url, key, 'GET', '/v1/records');
    expect(upload.status).toBe(403);
    expect(upload.body.error.message).toContain('API key');
    // Keys without scopes keep working everywhere.
    expect((await api(t.url, t.apiKey, 'GET', '/documents')).status).toBe(200);
  });

  it('a malformed or forged token is 401', async () => {
    const token = await accessToken(t.url, t.apiKey, ['read:documents']);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const refused = await withToken(t.url, forged, 'GET', '/documents');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    expect((await withToken(t.url, 'not-a-key', 'GET', '/documents')).status).toBe(401);
  });
});

describe('another application', () => {
  it("sees none of this application's documents or webhooks (404)", async () => {
    const other = await t.docket.credentials.createApplication('elsewhere');
    const token = await accessToken(t.url, other.api_key, ['read:documents', 'write:document_integrations']);
    expect((await withToken(t.url, token, 'GET', `/documents/${documentId}`)).status).toBe(404);
    const confirm = await withToken(t.url, token, 'POST', `/documents/${documentId}/status`, {
      success: true,
    });
    expect(confirm.status).toBe(404);
    const list = await withToken(t.url, token, 'GET', '/documents');
    expect(list.body.data.map((d: any) => d.uuid)).not.toContain(documentId);
    expect(
      (await api(t.url, other.api_key, 'POST', `/v1/documents/${documentId}/synchronize`, {})).status,
    ).toBe(404);
    expect((await api(t.url, other.api_key, 'GET', `/v1/documents/${documentId}`)).status).toBe(404);
    // The owner's document was not touched.
    expect((await api(t.url, t.apiKey, 'GET', `/documents/${documentId}`)).body.synchronized).toBe(false);
  });
});

describe.runIf(testAdapterSet() === 'embedded')('pre-signed links', () => {
  it('a link with a changed character is refused with 403 invalid_signature', async () => {
    const doc = (await api(t.url, t.apiKey, 'GET', `/documents/${documentId}`)).body;
    const url = new URL(doc.pdf.url);
    const token = url.pathname.split('/').pop()!;
    const i = 10; // inside the payload: every bit of it is signed
    const tampered = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    const refused = await fetch(new URL(`/v1/files/${tampered}`, url));
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as any;
    expect(body.error.code).toBe('invalid_signature');
    expect(body.error.message).toContain('signature');
  });
});
