/** Helpers for seed 003 tests: upload a generated medical document, validate it, get OAuth tokens. */
import { type DocType, makeDocumentPdf } from '../fixtures/documents/generate.ts';
import { api } from './docket.ts';

/** Uploads a generated document of `type` as kind `document` and waits for its analysis. */
export async function uploadDocument(
  url: string,
  key: string,
  type: DocType = 'referral_letter',
  seed = 7,
): Promise<{ id: string; truth: Awaited<ReturnType<typeof makeDocumentPdf>>['truth']; pdf: Buffer }> {
  const { pdf, truth } = await makeDocumentPdf(type, seed, 'en');
  const answer = await api(url, key, 'POST', '/v1/records', {
    kind: 'document',
    body: pdf.toString('base64'),
    mime_type: 'application/pdf',
    filename: `${type}-${seed}.pdf`,
    application_user_id: 'dr-house',
    wait_on_process: true,
  });
  if (answer.status !== 200 || answer.body.status !== 'completed') {
    throw new Error(`upload failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return { id: answer.body.id, truth, pdf };
}

/** Uploads and validates a document; returns its uuid. */
export async function validatedDocument(
  url: string,
  key: string,
  seed = 7,
  type: DocType = 'referral_letter',
) {
  const { id } = await uploadDocument(url, key, type, seed);
  const validated = await api(url, key, 'POST', `/v1/documents/${id}/validate`, {});
  if (validated.status !== 200) throw new Error(`validate failed: ${JSON.stringify(validated.body)}`);
  return id;
}

/** An OAuth2 client of the application with these scopes. */
export async function oauthClient(url: string, key: string, scopes: string[]) {
  const created = await api(url, key, 'POST', '/v1/oauth-clients', { name: 'practice system', scopes });
  if (created.status !== 201) throw new Error(`client creation failed: ${JSON.stringify(created.body)}`);
  return created.body as { client_id: string; client_secret: string };
}

/** A form-encoded client-credentials token request; returns the answer. */
export async function requestToken(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** An access token for a new client with these scopes. */
export async function accessToken(url: string, key: string, scopes: string[]): Promise<string> {
  const client = await oauthClient(url, key, scopes);
  const token = await requestToken(url, {
    grant_type: 'client_credentials',
    client_id: client.client_id,
    client_secret: client.client_secret,
  });
  if (token.status !== 200) throw new Error(`token failed: ${JSON.stringify(token.body)}`);
  return token.body.access_token as string;
}

/** Calls the API with a bearer access token. */
export function withToken(url: string, token: string, method: string, route: string, body?: unknown) {
  return api(url, null, method, route, body, { authorization: `Bearer ${token}` });
}
