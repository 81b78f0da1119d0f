/**
 * Crash test: `kill -9` the service while it accepts and analyses a batch, start it again on the
 * same data directory, and check that every accepted upload reaches a terminal state exactly once.
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

describe('kill -9 mid-work', () => {
  it('loses no accepted upload and finishes each exactly once', async () => {
    const dataDir = await makeDataDir();
    const env = { DOCKET_DATA_DIR: dataDir, DOCKET_ANALYSER_THREADS: '1', DOCKET_LEASE_MS: '2000' };
    const pages = Array.from({ length: 12 }, (_, i) => `page ${i + 1} `.repeat(200));
    const body = (await textPdf(pages)).toString('base64');

    const first = await spawnDocket('start', env);
    running.push(first);
    const { api_key: key } = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8'));

    const accepted: string[] = [];
    const upload = async () => {
      const r = await api(first.url, key, 'POST', '/v1/records', { kind: 'text', body }).catch(() => null);
      if (r?.status === 202) accepted.push(r.body.id);
    };
    // A first wave that is surely accepted, then a second still in flight when the process dies.
    await Promise.all(Array.from({ length: 20 }, upload));
    const inFlight = Array.from({ length: 20 }, upload);
    await eventually(async () => {
      const r = await api(first.url, key, 'GET', '/v1/records?status=completed&limit=1');
      return r.body.data.length > 0;
    });
    await first.kill9();
    await Promise.all(inFlight);
    expect(accepted.length).toBeGreaterThanOrEqual(20);

    const second = await spawnDocket('start', env);
    running.push(second);
    for (const id of accepted) {
      await eventually(async () => {
        const r = await api(second.url, key, 'GET', `/v1/records/${id}`);
        return r.body.status === 'completed';
      }, 60_000);
    }
    await second.stop();

    const db = new BetterSqlite3(path.join(dataDir, 'docket.db'), { readonly: true });
    try {
      const records = db.prepare('select id, status from records').all() as { id: string; status: string }[];
      // Everything accepted is there, and nothing is there twice.
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      for (const id of accepted) expect(records.find((r) => r.id === id)?.status).toBe('completed');
      // Every record that exists (including ones whose 202 was cut off) reached a terminal state.
      expect(records.filter((r) => r.status !== 'completed')).toEqual([]);
      // Exactly one terminal event per record: the transition happened once.
      const events = db.prepare('select record_id, count(*) as n from events group by record_id').all() as {
        record_id: string;
        n: number;
      }[];
      expect(events).toHaveLength(records.length);
      expect(events.every((e) => e.n === 1)).toBe(true);
      expect(db.prepare('select count(*) as n from tasks').get()).toEqual({ n: 0 });
    } finally {
      db.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
