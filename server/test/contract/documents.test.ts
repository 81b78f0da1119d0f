/**
 * Seed 003's storage (migrations 0010, 0011) on every adapter set: validated documents filtered
 * by synchronisation and paged, the manual-sync slot taken by one caller of several at once,
 * status reports in order, OAuth clients per application and revocation, and a shared secret
 * that every process agrees on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentState } from '../../src/core/document-types.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { startTestS3, type TestS3 } from '../support/s3.ts';
import { adapterSets } from './adapter-sets.ts';

let pg_: TestPostgres | undefined;
let s3: TestS3 | undefined;

beforeAll(async () => {
  [pg_, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await pg_?.stop();
});

const sets = adapterSets(() => {
  if (!pg_ || !s3) throw new Error('services not started');
  return { pg: pg_, s3 };
});

function documentOf(applicationId: string, createdAt: Date, synchronized = false): DocumentState {
  return {
    id: randomUUID(),
    applicationId,
    state: 'verified',
    type: 'referral_letter',
    patient: {
      uuid: randomUUID(),
      externalId: '943 476 5919',
      externalIdType: 'nhs_number',
      name: 'Jane Doe',
      givenName: 'Jane',
      familyName: 'Doe',
      dateOfBirth: '1980-01-02',
      sex: 'female',
    },
    documentDate: '2024-03-03',
    validatedBy: 'dr-house',
    synchronized,
    synchronizedAt: synchronized ? createdAt : null,
    lastSyncRequestedAt: null,
    lastReport: null,
    createdAt,
    updatedAt: createdAt,
  };
}

describe.each(sets)('seed 003 storage: $name', (set) => {
  it('stores, filters, pages and updates validated documents, once each', async () => {
    const h = await set.open();
    try {
      const app = randomUUID();
      const t0 = Date.now();
      const docs = [0, 1, 2].map((i) => documentOf(app, new Date(t0 + i * 1000), i === 1));
      for (const doc of docs) expect(await h.store.documents.insert(doc)).toBe(true);
      expect(await h.store.documents.insert(docs[0]!)).toBe(false);
      expect(await h.store.documents.get(app, docs[0]!.id)).toEqual(docs[0]);
      expect(await h.store.documents.get(randomUUID(), docs[0]!.id)).toBeNull();

      const unsynced = await h.store.documents.list({ applicationId: app, synchronized: false, limit: 1 });
      expect(unsynced.items.map((d) => d.id)).toEqual([docs[2]!.id]);
      const next = await h.store.documents.list({
        applicationId: app,
        synchronized: false,
        limit: 1,
        cursor: unsynced.nextCursor!,
      });
      expect(next.items.map((d) => d.id)).toEqual([docs[0]!.id]);
      expect(next.nextCursor).toBeNull();
      const synced = await h.store.documents.list({ applicationId: app, synchronized: true, limit: 10 });
      expect(synced.items.map((d) => d.id)).toEqual([docs[1]!.id]);

      const report = {
        id: randomUUID(),
        documentId: docs[0]!.id,
        success: true,
        error: null,
        directory: 'pms',
        path: 'C:\\Docs\\a.pdf',
        reportedAt: new Date(t0 + 5000),
      };
      await h.store.documents.addReport(app, {
        ...report,
        id: randomUUID(),
        success: false,
        error: 'disk full',
        reportedAt: new Date(t0 + 4000),
      });
      await h.store.documents.addReport(app, report);
      const updated = {
        ...docs[0]!,
        synchronized: true,
        synchronizedAt: report.reportedAt,
        lastReport: report,
        updatedAt: report.reportedAt,
      };
      await h.store.documents.update(updated);
      expect(await h.store.documents.getById(docs[0]!.id)).toEqual(updated);
      expect((await h.store.documents.reports(docs[0]!.id)).map((r) => r.error)).toEqual(['disk full', null]);
    } finally {
      await h.close();
    }
  });

  it('gives the manual-sync slot to one of several callers at once, and again after the interval', async () => {
    const h = await set.open();
    try {
      const doc = documentOf(randomUUID(), new Date());
      await h.store.documents.insert(doc);
      const now = new Date();
      const notBefore = new Date(now.getTime() - 30_000);
      const claims = await Promise.all(
        Array.from({ length: 6 }, () =>
          h.store.transaction((tx) => tx.documents.claimSync(doc.id, now, notBefore)),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const later = new Date(now.getTime() + 30_000);
      expect(await h.store.documents.claimSync(doc.id, later, new Date(later.getTime() - 30_000))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('keeps OAuth clients per application, revokes them, and shares one secret between processes', async () => {
    const h = await set.open();
    const other = await h.another();
    try {
      const app = randomUUID();
      const client = {
        id: randomUUID(),
        applicationId: app,
        name: 'pms',
        secretHash: 'h',
        scopes: ['read:documents'],
        createdAt: new Date(1_700_000_000_000),
        revokedAt: null,
      };
      await h.store.oauthClients.insert(client);
      expect(await other.store.oauthClients.get(client.id)).toEqual(client);
      expect(await h.store.oauthClients.list(randomUUID())).toEqual([]);
      expect(await h.store.oauthClients.revoke(randomUUID(), client.id, new Date())).toBe(false);
      expect(await h.store.oauthClients.revoke(app, client.id, new Date())).toBe(true);
      expect(await h.store.oauthClients.revoke(app, client.id, new Date())).toBe(false);
      expect((await h.store.oauthClients.list(app))[0]!.revokedAt).not.toBeNull();

      const name = `secret-${randomUUID()}`;
      const [a, b] = await Promise.all([
        h.store.secrets.getOrCreate(name, () => 'from-a'),
        other.store.secrets.getOrCreate(name, () => 'from-b'),
      ]);
      expect(a).toBe(b);
      expect(await h.store.secrets.getOrCreate(name, () => 'again')).toBe(a);
    } finally {
      await other.close();
      await h.close();
    }
  });
});
