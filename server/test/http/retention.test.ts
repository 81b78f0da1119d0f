/**
 * Issue 17, item 4: the worker deletes files under the retention policy (here: once delivered),
 * the record says so, a download link to a deleted file answers 410, and a file whose webhook is
 * still pending is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

let t: TestDocket;
let receiver: Receiver;
let body: string;

beforeAll(async () => {
  t = await startTestDocket({
    env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32', DOCKET_RETENTION_SWEEP_MS: '3600000' },
  });
  receiver = await startReceiver(() => 500);
  body = (await textPdf(['kept only until delivered'])).toString('base64');
});
afterAll(async () => {
  await receiver.close();
  await t.stop({ remove: true });
});

const get = (id: string) => api(t.url, t.apiKey, 'GET', `/v1/records/${id}`);
async function completed(id: string) {
  return eventually(async () => ((await get(id)).body.status === 'completed' ? (await get(id)).body : null));
}

describe('retention', () => {
  it('deletes the file once delivered; the record says so and the link answers 410', async () => {
    const settings = await api(t.url, t.apiKey, 'PATCH', '/v1/application/settings', {
      delete_file_after_delivery: true,
    });
    expect(settings.body.effective).toMatchObject({
      delete_file_after_delivery: true,
      file_retention_days: 30,
    });

    const r = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    const before = await completed(r.body.id);
    expect(before.file).toEqual({ stored: true, deleted_at: null, deleted_reason: null });
    const key = `uploads/${t.applicationId}/${r.body.id}`;
    const link = await t.docket.blobs.presignedUrl(key, 600);

    const report = await t.docket.retention!.sweep();
    expect(report.filesQueued).toBeGreaterThanOrEqual(1);
    const after = await eventually(async () => {
      const record = (await get(r.body.id)).body;
      return record.file.stored ? null : record;
    });
    expect(after.file.deleted_reason).toBe('delivered');
    expect(Date.parse(after.file.deleted_at)).toBeGreaterThan(0);
    // The result is kept; only the upload is gone.
    expect(after.result.pages[0].text).toContain('kept only until delivered');
    await expect(t.docket.blobs.get(key)).rejects.toMatchObject({ kind: 'not_found' });
    if (link.includes('/v1/files/')) {
      const download = await fetch(link);
      expect(download.status).toBe(410);
      const error = (await download.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe('file_deleted');
      expect(error.error.message).toContain('retention');
    }
    // A second sweep finds nothing more to do for it.
    await t.docket.retention!.sweep();
    expect((await get(r.body.id)).body.file.deleted_at).toBe(after.file.deleted_at);
  });

  it('keeps the file while its webhook is still pending', async () => {
    const endpoint = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', { url: receiver.url });
    expect(endpoint.status).toBe(201);
    const r = await api(t.url, t.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    await completed(r.body.id);
    await eventually(async () => receiver.requests.length > 0);
    await t.docket.retention!.sweep();
    // Give a wrongly enqueued purge every chance to run before looking.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await get(r.body.id)).body.file.stored).toBe(true);
    await expect(t.docket.blobs.get(`uploads/${t.applicationId}/${r.body.id}`)).resolves.toBeInstanceOf(
      Buffer,
    );
  });
});
