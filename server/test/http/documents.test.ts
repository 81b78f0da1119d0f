/**
 * Seed 003 without webhooks: a professional validates (or corrects) an analysed document, the
 * practice system polls `GET /documents?synchronized=false` with an OAuth2 token, downloads the
 * PDF through its pre-signed link and confirms the import, failure first and success later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { accessToken, uploadDocument, validatedDocument, withToken } from '../support/documents.ts';

let t: TestDocket;
let reader: string;

beforeAll(async () => {
  t = await startTestDocket();
  reader = await accessToken(t.url, t.apiKey, ['read:documents', 'write:document_integrations']);
});
afterAll(async () => {
  await t.stop({ remove: true });
});

describe('validation', () => {
  it('an analysed document waits in to_validate with the analyser proposal, and validation announces it', async () => {
    const { id, truth } = await uploadDocument(t.url, t.apiKey, 'lab_report', 11);
    const before = await api(t.url, t.apiKey, 'GET', `/v1/documents/${id}`);
    expect(before.status).toBe(200);
    expect(before.body.state).toBe('to_validate');
    expect(before.body.analysis.document_type).toBe('lab_report');
    expect(before.body.document).toBeNull();
    // Not announced yet: the practice system does not see it.
    expect((await withToken(t.url, reader, 'GET', `/documents/${id}`)).status).toBe(404);

    const validated = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, {});
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({
      uuid: id,
      type: 'lab_report',
      state: 'verified',
      synchronized: false,
      patient: { birthDate: truth.date_of_birth },
    });
    // As printed (often in capitals).
    expect(validated.body.patient.lastName.toLowerCase()).toBe(truth.family_name.toLowerCase());
    const events = (await api(t.url, t.apiKey, 'GET', '/v1/events?type=new_document')).body.data;
    expect(events.map((e: any) => e.record_id)).toContain(id);

    const again = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('synchronize');
  });

  it('a professional corrects the type and the patient before validating', async () => {
    const { id } = await uploadDocument(t.url, t.apiKey, 'referral_letter', 12);
    const validated = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, {
      type: 'consultation_note',
      patient: { given_name: 'Ada', family_name: 'Lovelace', external_id: 'MRN-42' },
      validated_by: 'dr-who',
    });
    expect(validated.status).toBe(200);
    expect(validated.body.type).toBe('consultation_note');
    expect(validated.body.patient).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      externalId: 'MRN-42',
    });
    expect(validated.body.validatedBy).toBe('dr-who');
  });

  it('refuses an unknown type with 400 naming the field, and an unknown document with 404', async () => {
    const { id } = await uploadDocument(t.url, t.apiKey, 'prescription', 13);
    const bad = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`, { type: 'horoscope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('type');
    const missing = await api(t.url, t.apiKey, 'POST', '/v1/documents/nope/validate', {});
    expect(missing.status).toBe(404);
  });
});

describe('polling', () => {
  it('lists unsynchronised documents with patient and pdf, pages through them, and drops confirmed ones', async () => {
    const ids = [];
    for (const seed of [21, 22, 23]) ids.push(await validatedDocument(t.url, t.apiKey, seed));
    const first = await withToken(t.url, reader, 'GET', '/documents?synchronized=false&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const rest = await withToken(
      t.url,
      reader,
      'GET',
      `/documents?synchronized=false&limit=100&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );
    const listed = [...first.body.data, ...rest.body.data].map((d: any) => d.uuid);
    for (const id of ids) expect(listed).toContain(id);
    const doc = first.body.data[0];
    expect(doc.patient.uuid).toEqual(expect.any(String));
    expect(doc.pdf.fileName).toMatch(/\.pdf$/);

    // Download through the pre-signed link, with no credentials at all.
    const pdf = await fetch(doc.pdf.url);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const confirmed = await withToken(t.url, reader, 'POST', `/documents/${doc.uuid}/status`, {
      success: true,
      directory: 'your_software_id',
      path: 'C:\\YourSoftware\\Documents\\Patients\\DOE_JOHN\\document.pdf',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.synchronized).toBe(true);
    const after = await withToken(t.url, reader, 'GET', '/documents?synchronized=false&limit=100');
    expect(after.body.data.map((d: any) => d.uuid)).not.toContain(doc.uuid);
    const synced = await withToken(t.url, reader, 'GET', '/documents?synchronized=true&limit=100');
    expect(synced.body.data.map((d: any) => d.uuid)).toContain(doc.uuid);
  });

  it('a failure is recorded with its error and stays listed; a later success marks it synchronised; repeats change nothing', async () => {
    const id = await validatedDocument(t.url, t.apiKey, 31);
    const failure = { success: false, error: 'Failed to save document: Database connection timeout' };
    const failed = await withToken(t.url, reader, 'POST', `/documents/${id}/status`, failure);
    expect(failed.status).toBe(200);
    expect(failed.body.synchronized).toBe(false);
    expect(failed.body.integration).toMatchObject(failure);
    await withToken(t.url, reader, 'POST', `/documents/${id}/status`, failure); // idempotent
    const pending = await withToken(t.url, reader, 'GET', '/documents?synchronized=false&limit=100');
    expect(pending.body.data.map((d: any) => d.uuid)).toContain(id);

    const ok = { success: true, directory: 'your_software_id', path: '/srv/docs/a.pdf' };
    await withToken(t.url, reader, 'POST', `/documents/${id}/status`, ok);
    const twice = await withToken(t.url, reader, 'POST', `/documents/${id}/status`, ok);
    expect(twice.body.synchronized).toBe(true);
    const detail = await withToken(t.url, reader, 'GET', `/documents/${id}`);
    expect(detail.body.integrationHistory.map((r: any) => [r.success, r.error])).toEqual([
      [false, failure.error],
      [true, null],
    ]);
  });

  it('refuses a status report without success, with the field named', async () => {
    const id = await validatedDocument(t.url, t.apiKey, 32);
    const bad = await withToken(t.url, reader, 'POST', `/documents/${id}/status`, { error: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('success');
  });
});

describe('manual synchronisation', () => {
  it('is limited to once every 30 s per document (429 with Retry-After)', async () => {
    const id = await validatedDocument(t.url, t.apiKey, 41);
    const first = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {});
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ uuid: id, action: 'document_synchronize' });
    const second = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {});
    expect(second.status).toBe(429);
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(second.body.error.code).toBe('synchronize_rate_limited');
    // Another document is not held back.
    const other = await validatedDocument(t.url, t.apiKey, 42);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${other}/synchronize`, {})).status).toBe(202);
  });

  it('needs a validated document', async () => {
    const { id } = await uploadDocument(t.url, t.apiKey, 'imaging_report', 43);
    const early = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('validate');
  });
});

describe('bodies the native document routes take', () => {
  it('validate and synchronize need no body at all', async () => {
    const { id } = await uploadDocument(t.url, t.apiKey, 'other', 44);
    const validated = await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/validate`);
    expect(validated.status).toBe(200);
    expect((await api(t.url, t.apiKey, 'POST', `/v1/documents/${id}/synchronize`)).status).toBe(202);
  });
});
