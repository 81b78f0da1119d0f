/**
 * Docket as bench/versus-peer runs it: `docket start`, the embedded default (SQLite in WAL with
 * synchronous=FULL, its job table, files fsync'd), with `threads` analyser threads and one
 * endpoint subscribed to the receiver.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { startDocket } from '../support/processes.ts';
import type { SystemUnderTest } from './system.ts';

export async function startDocketSystem(threads: number, webhookUrl: string): Promise<SystemUnderTest> {
  const docket = await startDocket('start', {
    DOCKET_ANALYSER_THREADS: String(threads),
    DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32',
  });
  const stop = async () => {
    await docket.stop();
    await fs.rm(docket.dataDir, { recursive: true, force: true });
  };
  try {
    const credentials = JSON.parse(await fs.readFile(path.join(docket.dataDir, 'credentials.json'), 'utf8'));
    const r = await fetch(`${docket.url}/v1/endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth': docket.apiKey },
      body: JSON.stringify({ url: webhookUrl }),
    });
    if (r.status !== 201) throw new Error(`could not subscribe the receiver: ${r.status} ${await r.text()}`);
    return {
      name: `Docket, ${threads} analyser thread${threads > 1 ? 's' : ''}`,
      url: docket.url,
      apiKey: docket.apiKey,
      webhookSecret: credentials.webhook_signature_key,
      pids: () => [docket.child.pid!],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
