import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeWebhookEvent } from '@docket/sdk';
import { nodeWebhook } from '@docket/sdk/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { freePort } from '../support/process.ts';
import { startReceiver } from '../support/receiver.ts';
import { runCli, startCli } from './run-cli.ts';

let t: TestDocket;
let pdf: string;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  pdf = (await textPdf(['listen to me'])).toString('base64');
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await t.stop({ remove: true });
});

async function upload(key: string): Promise<string> {
  const r = await api(t.url, key, 'POST', '/v1/records', { kind: 'text', body: pdf });
  expect(r.status).toBe(202);
  return r.body.id;
}

/** A local receiver that verifies every request with the SDK, as a customer's would; its secret is set later. */
async function verifyingReceiver() {
  const state = { secret: '', events: [] as NativeWebhookEvent[], statuses: [] as number[] };
  const server = http.createServer((req, res) => {
    res.once('finish', () => state.statuses.push(res.statusCode));
    nodeWebhook<NativeWebhookEvent>(state.secret, (event) => void state.events.push(event))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe('docket listen', () => {
  it('forwards a real event, signed with the session key it prints, to a receiver that verifies it with the SDK', async () => {
    const app = await t.docket.credentials.createApplication('listen');
    const receiver = await verifyingReceiver();
    const listen = startCli(['listen', '--forward-to', receiver.url, '--url', t.url, '--key', app.api_key]);
    closers.push(() => listen.interrupt());
    await listen.waitFor(/Ready: .*a key for this session: whsec_\S+/);
    receiver.state.secret = /a key for this session: (whsec_\S+)/.exec(listen.stderr())![1]!;

    const id = await upload(app.api_key);
    await eventually(async () => receiver.state.events.length === 1);
    expect(receiver.state.events[0]).toMatchObject({
      type: 'record.completed',
      data: { id, status: 'completed' },
    });
    await listen.waitFor(new RegExp(`record\\.completed  ${id}  -> 200 \\(\\d+ ms\\)`), 'stdout');
    expect(await listen.interrupt()).toBe(0);
  });

  it('signs with --secret, replays the log from --after, filters by type, and prints JSON lines', async () => {
    const app = await t.docket.credentials.createApplication('listen-json');
    const earlier = await upload(app.api_key);
    await eventually(async () => (await api(t.url, app.api_key, 'GET', '/v1/events')).body.data.length === 1);
    const receiver = await verifyingReceiver();
    receiver.state.secret = app.webhook_signature_key;
    const listen = startCli([
      'listen',
      '--forward-to',
      receiver.url,
      '--after',
      '0',
      '--events',
      'record.completed',
      '--json',
      '--secret',
      app.webhook_signature_key,
      '--url',
      t.url,
      '--key',
      app.api_key,
    ]);
    closers.push(() => listen.interrupt());
    await listen.waitFor(/"record_id":"[^"]+".*\n/, 'stdout');
    const line = JSON.parse(listen.stdout().split('\n')[0]!);
    expect(line).toMatchObject({ type: 'record.completed', record_id: earlier, status: 200, error: null });
    expect(receiver.state.events[0]!.data.id).toBe(earlier);
    expect(await listen.interrupt()).toBe(0);
  });

  it('prints a failed forward and keeps going, and exits 3 when Docket cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const unreachable = await runCli([
      'listen',
      '--forward-to',
      `${closed}/hook`,
      '--url',
      closed,
      '--key',
      'k',
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('ECONNREFUSED');
    const refused = await runCli([
      'listen',
      '--forward-to',
      `${closed}/hook`,
      '--url',
      t.url,
      '--key',
      'dk_wrong',
    ]);
    expect(refused.code).toBe(3);

    const app = await t.docket.credentials.createApplication('listen-down');
    const listen = startCli([
      'listen',
      '--forward-to',
      `${closed}/hook`,
      '--url',
      t.url,
      '--key',
      app.api_key,
    ]);
    closers.push(() => listen.interrupt());
    await listen.waitFor(/Ready/);
    const id = await upload(app.api_key);
    await listen.waitFor(new RegExp(`${id}  -> failed: ECONNREFUSED`), 'stdout');
    expect(await listen.interrupt()).toBe(0);
  });
});

describe('docket replay', () => {
  it('replays the failure queue and waits for the outcome; recovers an endpoint since a time', async () => {
    const app = await t.docket.credentials.createApplication('replay');
    let failing = true;
    const hook = await startReceiver(() => (failing ? 500 : 200));
    closers.push(() => hook.close());
    const endpoint = await api(t.url, app.api_key, 'POST', '/v1/endpoints', {
      url: hook.url,
      retry_policy: { delays_ms: [] },
    });
    const since = new Date(Date.now() - 60_000).toISOString();
    await upload(app.api_key);
    const failedQueue = async () =>
      (await api(t.url, app.api_key, 'GET', '/v1/deliveries?status=failed')).body.data;
    await eventually(async () => (await failedQueue()).length === 1);
    const connection = ['--url', t.url, '--key', app.api_key];

    const stillFailing = await runCli(['replay', '--failed', '--wait', '--timeout', '30', ...connection]);
    expect(stillFailing.code).toBe(1);
    expect(stillFailing.stdout).toMatch(/failed/);

    failing = false;
    const run = await runCli(['replay', '--failed', '--wait', '--json', ...connection]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ endpoint_id: endpoint.body.id, status: 'succeeded' }]);

    failing = true;
    await upload(app.api_key);
    await eventually(async () => (await failedQueue()).length === 1);
    failing = false;
    const recovered = await runCli([
      'replay',
      '--endpoint',
      endpoint.body.id,
      '--since',
      since,
      ...connection,
    ]);
    expect(recovered.stdout).toContain('reopened 1 failed deliveries');
    await eventually(async () => (await failedQueue()).length === 0);
  });
});
