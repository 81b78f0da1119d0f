import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Docket,
  DocketAuthError,
  DocketConnectionError,
  DocketNotFoundError,
  DocketRateLimitError,
  DocketUnsupportedMediaTypeError,
  DocketValidationError,
} from '../src/index.ts';
import {
  eventually,
  type Receiver,
  startReceiver,
  startTestDocket,
  type TestDocket,
  textPdf,
  tinyPng,
} from './support.ts';

let t: TestDocket;
let docket: Docket;
let pdf: Buffer;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  docket = new Docket({ baseUrl: t.url, apiKey: t.apiKey });
  pdf = await textPdf(['typed api']);
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await t.stop({ remove: true });
});

async function receiver(script?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

describe('typed errors', () => {
  it('throws one class per status family with the API code, message, details and request id', async () => {
    const missing = await docket.records.get('00000000-0000-4000-8000-00000000abcd').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DocketNotFoundError);
    expect(missing).toMatchObject({ status: 404, code: 'record_not_found' });
    expect((missing as DocketNotFoundError).requestId).toMatch(/^[0-9a-f-]{36}$/);

    const wrongKey = new Docket({ baseUrl: t.url, apiKey: 'dk_wrong' });
    await expect(wrongKey.records.get('x')).rejects.toMatchObject({
      constructor: DocketAuthError,
      status: 401,
      code: 'invalid_api_key',
    });

    const empty = await docket.submit(new Uint8Array(), { kind: 'text' }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(DocketValidationError);
    expect((empty as DocketValidationError).status).toBe(400);

    const png = await docket.submit(tinyPng, { kind: 'text' }).catch((e: unknown) => e);
    expect(png).toBeInstanceOf(DocketUnsupportedMediaTypeError);

    const privateUrl = await docket.endpoints
      .create({ url: 'http://10.0.0.1/hook' })
      .catch((e: unknown) => e);
    expect(privateUrl).toBeInstanceOf(DocketValidationError);
    expect((privateUrl as Error).message).toMatch(/10\.0\.0\.1|private|not public/i);
  });

  it('reports the rate limit with Retry-After rather than waiting longer than allowed', async () => {
    const limited = await startTestDocket({ role: 'api', env: { DOCKET_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const client = new Docket({
        baseUrl: limited.url,
        apiKey: limited.apiKey,
        retry: { maxRetryAfterMs: 1000 },
      });
      // Two requests a minute: within five, one is refused even if a window ends in between (a
      // Retry-After of 1 s is waited out and retried, so the error seen had a longer one).
      let error: unknown = null;
      for (let i = 0; i < 5 && !error; i++)
        error = await client.endpoints.list().then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DocketRateLimitError);
      expect((error as DocketRateLimitError).code).toBe('rate_limited');
      expect((error as DocketRateLimitError).retryAfterSeconds).toBeGreaterThan(1);
    } finally {
      await limited.stop({ remove: true });
    }
  });

  it('says when Docket cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = new Docket({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k', retry: { maxRetries: 0 } });
    await expect(client.records.get('x')).rejects.toBeInstanceOf(DocketConnectionError);
  });
});

describe('OAuth2 client credentials against a token endpoint', () => {
  it('fetches a token, renews it once when Docket refuses it, and reports a refused client', async () => {
    const issued: string[] = [];
    // The token endpoint issues a token Docket refuses first, then one it takes (the API key).
    const tokens = ['dk_expired', t.apiKey];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        res.setHeader('content-type', 'application/json');
        if (form.get('client_secret') !== 'right') {
          res
            .writeHead(401)
            .end(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client' }));
          return;
        }
        const token = tokens[Math.min(issued.length, tokens.length - 1)]!;
        issued.push(token);
        res.end(
          JSON.stringify({
            access_token: token,
            token_type: 'Bearer',
            expires_in: 3600,
            scope: form.get('scope'),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
    try {
      const client = new Docket({
        baseUrl: t.url,
        oauth: { clientId: 'integration', clientSecret: 'right', scopes: ['read:documents'], tokenUrl },
      });
      const page = await client.records.list({ limit: 1 }).firstPage();
      expect(Array.isArray(page.data)).toBe(true);
      await client.endpoints.list();
      expect(issued).toEqual(['dk_expired', t.apiKey]); // renewed once, then cached

      const refused = new Docket({
        baseUrl: t.url,
        oauth: { clientId: 'integration', clientSecret: 'wrong', tokenUrl },
      });
      await expect(refused.records.list().firstPage()).rejects.toMatchObject({
        constructor: DocketAuthError,
        code: 'invalid_client',
        message: 'unknown client',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('endpoints, deliveries and events', () => {
  it('creates, changes and lists endpoints, and follows a delivery through its attempts and a replay', async () => {
    const hook = await receiver();
    const endpoint = await docket.endpoints.create({ url: hook.url, description: 'sdk test' });
    expect(endpoint).toMatchObject({ url: hook.url, active: true, has_secret: false });
    const changed = await docket.endpoints.update(endpoint.id, { description: 'renamed' });
    expect(changed.description).toBe('renamed');
    expect((await docket.endpoints.list()).map((e) => e.id)).toContain(endpoint.id);

    const record = await docket.submit(pdf, { kind: 'text' });
    const delivery = await eventually(async () => {
      const [found] = await docket.deliveries.list({ endpoint_id: endpoint.id }).toArray(1);
      return found?.status === 'succeeded' ? found : null;
    });
    expect(JSON.parse(hook.requests[0]!.body).data.id).toBe(record.id);
    const attempts = await docket.deliveries.attempts(delivery.id);
    expect(attempts).toMatchObject([{ number: 1, outcome: 'success', status_code: 200 }]);
    expect((await docket.deliveries.replay(delivery.id)).status).toBe('pending');
    await eventually(async () => hook.requests.length === 2);
    expect(hook.requests[1]!.headers['webhook-id']).toBe(hook.requests[0]!.headers['webhook-id']);
    await docket.endpoints.delete(endpoint.id);
    await expect(docket.endpoints.get(endpoint.id)).rejects.toBeInstanceOf(DocketNotFoundError);
  });

  it('recovers what failed for an endpoint since a time', async () => {
    let failing = true;
    const hook = await receiver(() => (failing ? 500 : 200));
    const endpoint = await docket.endpoints.create({ url: hook.url, retry_policy: { delays_ms: [] } });
    const since = new Date(Date.now() - 60_000);
    await docket.submit(pdf, { kind: 'text' });
    await eventually(
      async () =>
        (await docket.deliveries.list({ endpoint_id: endpoint.id, status: 'failed' }).toArray(1)).length ===
        1,
    );
    failing = false;
    expect(await docket.endpoints.recover(endpoint.id, since)).toEqual({ reopened: 1 });
    await eventually(
      async () =>
        (await docket.deliveries.list({ endpoint_id: endpoint.id, status: 'succeeded' }).toArray(1))
          .length === 1,
    );
    await docket.endpoints.delete(endpoint.id);
  });

  it('pages through the event log and follows it live, resuming from the last event id', async () => {
    const own = await t.docket.credentials.createApplication('events');
    const client = new Docket({ baseUrl: t.url, apiKey: own.api_key });
    const controller = new AbortController();
    const stream = client.events.stream({ signal: controller.signal });
    await stream.ready; // it starts at "now": connected before the event it should see
    const first = await client.submit(pdf, { kind: 'text' });
    for await (const event of stream) {
      expect(event).toMatchObject({ type: 'record.completed', record_id: first.id });
      break;
    }
    const resumeFrom = stream.lastEventId!;
    const second = await client.submit(pdf, { kind: 'text' });
    await client.waitFor(second);
    for await (const event of client.events.stream({
      after: Number(resumeFrom),
      signal: controller.signal,
    })) {
      expect(event.record_id).toBe(second.id);
      break;
    }
    const third = await client.submit(pdf, { kind: 'text' });
    await client.waitFor(third);
    const pages = [];
    for await (const page of client.events.list({ limit: 2 }).pages())
      pages.push(page.data.map((e) => e.record_id));
    expect(pages).toEqual([[first.id, second.id], [third.id]]);
    controller.abort();
  });

  it('reconnects after a dropped stream and resumes from the last event, missing and repeating nothing', async () => {
    const own = await t.docket.credentials.createApplication('dropped');
    const setup = new Docket({ baseUrl: t.url, apiKey: own.api_key });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await setup.waitFor(await setup.submit(pdf, { kind: 'text' }))).id);
    // The first stream connection breaks right after its first event frame.
    let cut = true;
    const resumedWith: Array<string | null> = [];
    const dropping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/v1/events/stream')) return response;
      resumedWith.push(new Headers(init?.headers).get('last-event-id'));
      if (!cut) return response;
      cut = false;
      // Read up to the end of the first event frame (the stream itself never ends), then break it.
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!/data:[^\n]*\n\n/.test(text)) text += (await reader.read()).value ?? '';
      await reader.cancel();
      const firstEvent = text.indexOf('\n\n', text.indexOf('data:')) + 2;
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text.slice(0, firstEvent)));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: response.status, headers: response.headers },
      );
    };
    const client = new Docket({
      baseUrl: t.url,
      apiKey: own.api_key,
      fetch: dropping,
      retry: { sleep: async () => {} },
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const reconnects: Array<string | null> = [];
    const stream = client.events.stream({
      after: 0,
      signal: controller.signal,
      onReconnect: ({ lastEventId }) => reconnects.push(lastEventId),
    });
    for await (const event of stream) {
      seen.push(event.record_id!);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(ids);
    expect(reconnects).toHaveLength(1);
    expect(resumedWith).toEqual(['0', reconnects[0]]);
    controller.abort();
  });
});
