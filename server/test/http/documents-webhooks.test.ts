/**
 * Seed 003 by webhook: the seed's own Node example (test/fixtures/receivers/seed-003-documents.cjs)
 * runs as a real receiver process, gets `new_document`, downloads the PDF through the pre-signed
 * link, and confirms with an OAuth2 token; a second practice whose first save fails reports the
 * failure, and a manual synchronisation then imports it. Also the envelope itself, and `/webhooks`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { oauthClient, uploadDocument, withToken } from '../support/documents.ts';
import { freePort } from '../support/process.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/receivers/seed-003-documents.cjs');
const NODE_MODULES = [
  path.resolve(import.meta.dirname, '../../node_modules'),
  path.resolve(import.meta.dirname, '../../../node_modules'),
].join(path.delimiter);

let t: TestDocket;
let recorder: Receiver;
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Starts the seed's example for an application; resolves with its webhook URL and save folder. */
async function startSeedReceiver(key: string, saveFails = 0): Promise<{ url: string; saveDir: string }> {
  const client = await oauthClient(t.url, key, ['read:documents', 'write:document_integrations']);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seed-003-'));
  dirs.push(dir);
  const saveDir = path.join(dir, 'saved');
  await fs.mkdir(saveDir);
  // The only change to the seed's code: its base URL.
  const source = (await fs.readFile(FIXTURE, 'utf8')).replaceAll('https://api.askara.ai', t.url);
  const file = path.join(dir, 'receiver.cjs');
  await fs.writeFile(file, source);
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    env: {
      ...process.env,
      NODE_PATH: NODE_MODULES,
      DOCKET_URL: t.url,
      CLIENT_ID: client.client_id,
      CLIENT_SECRET: client.client_secret,
      SAVE_DIR: saveDir,
      SAVE_FAILS: String(saveFails),
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the seed receiver exited: ${output}`);
    return output.includes('seed 003 receiver on');
  });
  return { url: `http://127.0.0.1:${port}/api/askara/webhook`, saveDir };
}

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  recorder = await startReceiver(() => 200);
});
afterAll(async () => {
  for (const child of children) child.kill();
  await recorder.close();
  await t.stop({ remove: true });
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe("seed 003's Node example as the receiver", () => {
  it('imports a validated document and confirms it; it then leaves the synchronized=false list', async () => {
    const seed = await startSeedReceiver(t.apiKey);
    const hook = await api(t.url, t.apiKey, 'POST', '/webhooks', {
      url: seed.url,
      events: ['new_document'],
      active: true,
    });
    expect(hook.status).toBe(201);
    const recording = await api(t.url, t.apiKey, 'POST', '/webhooks', {
      url: recorder.url,
      events: ['new_document', 'document_synchronize'],
      active: true,
    });

    const { id, pdf } = await uploadDocument(t.url, t.apiKey, 'discharge_summary', 51);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, {})).status).toBe(200);

    const reader = await oauthClient(t.url, t.apiKey, ['read:documents']);
    const token = (
      await api(t.url, null, 'POST', '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: reader.client_id,
        client_secret: reader.client_secret,
      })
    ).body.access_token;
    const synced = await eventually(async () => {
      const doc = await withToken(t.url, token, 'GET', `/documents/${id}`);
      return doc.body.synchronized ? doc.body : null;
    });
    expect(synced.integration).toMatchObject({ success: true, directory: 'your_software_id' });
    const saved = await fs.readFile(synced.integration.path);
    expect(saved.equals(pdf)).toBe(true);
    expect(path.dirname(synced.integration.path)).toBe(seed.saveDir);
    const pending = await withToken(t.url, token, 'GET', '/documents?synchronized=false&limit=100');
    expect(pending.body.data.map((d: any) => d.uuid)).not.toContain(id);

    // The envelope exactly as the seed shows it, signed like every Docket webhook.
    const received = await eventually(async () =>
      recorder.requests.find((r) => JSON.parse(r.body).events[0].id === id),
    );
    const body = JSON.parse(received.body);
    expect(body).toMatchObject({
      events: [
        {
          id,
          resource_type: 'document',
          action: 'new_document',
          metadata: {
            document: {
              uuid: id,
              type: 'discharge_summary',
              state: 'verified',
              patient: { uuid: expect.any(String) },
              pdf: { url: expect.stringContaining('http'), fileName: 'discharge_summary-51.pdf' },
            },
          },
          resource_metadata: { user_id: 'dr-house', organization_id: t.applicationId },
        },
      ],
      meta: { webhook_id: recording.body.id },
    });
    expect(received.headers['x-body-signature']).toBe(
      createHmac('sha256', t.signingKey).update(received.raw).digest('hex'),
    );
    expect((await fetch(body.events[0].metadata.document.pdf.url)).status).toBe(200);
  });

  it('a failed import is reported with its error; a manual synchronisation then imports it', async () => {
    const clinic = await t.docket.credentials.createApplication('clinic-b');
    const key = clinic.api_key;
    const seed = await startSeedReceiver(key, 1);
    await api(t.url, key, 'POST', '/webhooks', {
      url: seed.url,
      events: ['new_document', 'document_synchronize'],
      active: true,
    });
    const { id } = await uploadDocument(t.url, key, 'prescription', 52);
    await api(t.url, key, 'POST', `/v1/documents/${id}/validate`, {});

    const failed = await eventually(async () => {
      const doc = (await api(t.url, key, 'GET', `/documents/${id}`)).body;
      return doc.integration ? doc : null;
    });
    expect(failed.synchronized).toBe(false);
    expect(failed.integration).toMatchObject({
      success: false,
      error: 'Failed to save document: Database connection timeout',
    });
    expect((await api(t.url, key, 'GET', '/documents?synchronized=false')).body.data[0].uuid).toBe(id);

    expect((await api(t.url, key, 'POST', `/v1/documents/${id}/synchronize`, {})).status).toBe(202);
    const done = await eventually(async () => {
      const doc = (await api(t.url, key, 'GET', `/documents/${id}`)).body;
      return doc.synchronized ? doc : null;
    });
    expect(done.integrationHistory.map((r: any) => r.success)).toEqual([false, true]);
    expect((await fs.readdir(seed.saveDir)).length).toBe(1);
  });
});

describe('/webhooks', () => {
  it('creates, lists, reads, changes and deletes webhooks that are /v1/endpoints too', async () => {
    const created = await api(t.url, t.apiKey, 'POST', '/webhooks', {
      url: recorder.url,
      events: ['document_synchronize'],
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: recorder.url, events: ['document_synchronize'], active: true });
    const id = created.body.id;
    const native = await api(t.url, t.apiKey, 'GET', `/v1/endpoints/${id}`);
    expect(native.body).toMatchObject({ product: 'documents', retry_policy: null });
    expect((await api(t.url, t.apiKey, 'GET', '/webhooks')).body.data.map((w: any) => w.id)).toContain(id);
    const changed = await api(t.url, t.apiKey, 'PATCH', `/webhooks/${id}`, { active: false });
    expect(changed.body.active).toBe(false);
    expect((await api(t.url, t.apiKey, 'GET', `/webhooks/${id}`)).body.active).toBe(false);
    expect((await api(t.url, t.apiKey, 'DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await api(t.url, t.apiKey, 'GET', `/webhooks/${id}`)).status).toBe(404);
  });

  it('refuses unknown or missing events with 400 naming the allowed ones', async () => {
    const unknown = await api(t.url, t.apiKey, 'POST', '/webhooks', {
      url: recorder.url,
      events: ['new_document', 'document_deleted'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('document_deleted');
    expect(unknown.body.error.message).toContain('new_document');
    const none = await api(t.url, t.apiKey, 'POST', '/webhooks', { url: recorder.url, events: [] });
    expect(none.status).toBe(400);
    const missing = await api(t.url, t.apiKey, 'POST', '/webhooks', { url: recorder.url });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('events');
  });

  it('does not show endpoints of other products', async () => {
    const other = (
      await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: recorder.url, product: 'lab_reports' })
    ).body;
    expect((await api(t.url, t.apiKey, 'GET', `/webhooks/${other.id}`)).status).toBe(404);
    expect((await api(t.url, t.apiKey, 'GET', '/webhooks')).body.data.map((w: any) => w.id)).not.toContain(
      other.id,
    );
  });
});
