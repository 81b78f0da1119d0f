/**
 * Crash test for delivery: `kill -9` while first attempts are in flight and retries are
 * scheduled. After a restart every event reaches the endpoint at least once, and any duplicate
 * carries the same webhook-id.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, eventually, makeDataDir } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { type DocketProcess, spawnDocket } from '../support/process.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

const running: DocketProcess[] = [];
let receiver: Receiver | undefined;
afterAll(async () => {
  for (const p of running) await p.stop();
  await receiver?.close();
});

describe('kill -9 during webhook delivery', () => {
  it('delivers every event at least once, duplicates with the same webhook-id', async () => {
    const dataDir = await makeDataDir();
    const env = { DOCKET_DATA_DIR: dataDir, DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32', DOCKET_LEASE_MS: '2000' };
    // Every event's first attempt fails, so retries are scheduled when the process dies.
    const seen = new Set<string>();
    const accepted = new Set<string>();
    receiver = await startReceiver((_n, request) => {
      const id = String(request.headers['webhook-id']);
      if (seen.has(id)) {
        accepted.add(id);
        return 200;
      }
      seen.add(id);
      return 500;
    });

    const first = await spawnDocket('start', env);
    running.push(first);
    const { api_key: key } = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8'));
    const created = await api(first.url, key, 'POST', '/v1/endpoints', {
      url: receiver.url,
      retry_policy: { delays_ms: [400, 400, 400, 400] },
    });
    expect(created.status).toBe(201);

    const body = (await textPdf(['deliver me'])).toString('base64');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await api(first.url, key, 'POST', '/v1/records', { kind: 'text', body });
      ids.push(r.body.id);
    }
    await eventually(async () => receiver!.requests.length >= 5);
    await first.kill9();

    const second = await spawnDocket('start', env);
    running.push(second);
    const recordIdOf = (b: string) => JSON.parse(b).data.id as string;
    await eventually(async () => {
      // Delivered: an event the receiver answered 200 (a 500 is only the first attempt).
      const delivered = new Set(
        receiver!.requests
          .filter((r) => accepted.has(String(r.headers['webhook-id'])))
          .map((r) => recordIdOf(r.body)),
      );
      return ids.every((id) => delivered.has(id));
    }, 60_000);
    await eventually(async () => {
      const deliveries = (await api(second.url, key, 'GET', '/v1/deliveries?limit=200')).body.data;
      return deliveries.length === ids.length && deliveries.every((d: any) => d.status === 'succeeded');
    }, 60_000);

    // Each record's event went out under exactly one webhook-id, however often it was sent.
    const idsByRecord = new Map<string, Set<string>>();
    for (const r of receiver.requests) {
      const set = idsByRecord.get(recordIdOf(r.body)) ?? new Set();
      set.add(String(r.headers['webhook-id']));
      idsByRecord.set(recordIdOf(r.body), set);
    }
    expect(idsByRecord.size).toBe(ids.length);
    for (const set of idsByRecord.values()) expect(set.size).toBe(1);
    await second.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});
