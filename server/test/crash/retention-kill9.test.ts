/**
 * Crash test: `kill -9` the service while its retention sweep deletes files, start it again on
 * the same data directory, and check that every file the policy deletes is deleted exactly as
 * the records say: no record naming a missing file, no file left that a deleted record named.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api, eventually, makeDataDir } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { type DocketProcess, spawnDocket } from '../support/process.ts';

const running: DocketProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
});

async function uploadsOnDisk(dataDir: string): Promise<Set<string>> {
  const root = path.join(dataDir, 'blobs', 'uploads');
  const names = new Set<string>();
  for (const app of await fs.readdir(root).catch(() => [] as string[])) {
    for (const name of await fs.readdir(path.join(root, app))) if (!name.startsWith('.')) names.add(name);
  }
  return names;
}

describe('kill -9 mid-sweep', () => {
  it('finishes every deletion after restart, and the records agree with the disk', async () => {
    const dataDir = await makeDataDir();
    const env = {
      DOCKET_DATA_DIR: dataDir,
      DOCKET_ANALYSER_THREADS: '1',
      DOCKET_LEASE_MS: '2000',
      DOCKET_DELETE_FILE_AFTER_DELIVERY: 'true',
      DOCKET_RETENTION_SWEEP_MS: '50',
    };
    const body = (await textPdf(['deleted once delivered'])).toString('base64');
    const first = await spawnDocket('start', env);
    running.push(first);
    const { api_key: key } = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8'));

    const ids: string[] = [];
    for (let wave = 0; wave < 3; wave++) {
      const batch = await Promise.all(
        Array.from({ length: 8 }, () => api(first.url, key, 'POST', '/v1/records', { kind: 'text', body })),
      );
      for (const r of batch) {
        expect(r.status).toBe(202);
        ids.push(r.body.id);
      }
    }
    // Killed as soon as the sweep has deleted some files, while it still has others to delete.
    await eventually(async () => {
      const page = await api(first.url, key, 'GET', '/v1/records?status=completed&limit=200');
      return page.body.data.some((r: { file: { stored: boolean } }) => !r.file.stored);
    }, 60_000);
    await first.kill9();

    const second = await spawnDocket('start', env);
    running.push(second);
    for (const id of ids) {
      await eventually(async () => {
        const r = await api(second.url, key, 'GET', `/v1/records/${id}`);
        return r.body.status === 'completed' && !r.body.file.stored;
      }, 60_000);
    }
    await second.stop();

    const db = new BetterSqlite3(path.join(dataDir, 'docket.db'), { readonly: true });
    try {
      const records = db.prepare('select id, blob_key, file_deleted_reason from records').all() as {
        id: string;
        blob_key: string | null;
        file_deleted_reason: string | null;
      }[];
      expect(records).toHaveLength(ids.length);
      expect(records.filter((r) => r.blob_key !== null || r.file_deleted_reason !== 'delivered')).toEqual([]);
      expect(db.prepare('select count(*) as n from tasks').get()).toEqual({ n: 0 });
      // Small uploads are rows of the database (inline-blob-store.ts): none of those is left either.
      expect(db.prepare('select count(*) as n from inline_blobs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // Every upload file is gone from the disk too: none was orphaned by the kill.
    expect([...(await uploadsOnDisk(dataDir))]).toEqual([]);
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 180_000); // two starts of a real process and 24 analyses: minutes on a loaded machine
});
