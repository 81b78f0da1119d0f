import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressWebhook } from '../src/handlers/express.ts';
import { fastifyWebhook } from '../src/handlers/fastify.ts';
import {
  Docket,
  generateWebhookSecret,
  type NativeWebhookEvent,
  signWebhook,
  verifyWebhook,
  verifyWebhookDelivery,
  WebhookVerificationError,
} from '../src/index.ts';
import { nodeWebhook } from '../src/node.ts';
import {
  eventually,
  type Receiver,
  startReceiver,
  startTestDocket,
  type TestDocket,
  textPdf,
} from './support.ts';

let t: TestDocket;
let docket: Docket;
let pdf: Buffer;
let hook: Receiver;
/** One real delivery of a native event, as the receiver got it. */
let delivered: { body: string; headers: Record<string, string>; recordId: string };
const closers: Array<() => Promise<unknown>> = [];

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'verified',
    (e: unknown) => (e instanceof WebhookVerificationError ? e.reason : `unexpected ${String(e)}`),
  );

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  docket = new Docket({ baseUrl: t.url, apiKey: t.apiKey });
  pdf = await textPdf(['signed delivery']);
  hook = await startReceiver();
  const endpoint = await docket.endpoints.create({ url: hook.url });
  const record = await docket.submit(pdf, { kind: 'text' });
  await eventually(async () => hook.requests.length > 0);
  const request = hook.requests[0]!;
  delivered = { body: request.body, headers: request.headers as Record<string, string>, recordId: record.id };
  await docket.endpoints.delete(endpoint.id);
});
afterAll(async () => {
  for (const close of closers) await close();
  await hook.close();
  await t.stop({ remove: true });
});

describe('verifyWebhook on real deliveries', () => {
  it("accepts Docket's delivery and returns the typed event", async () => {
    const event = await verifyWebhook<NativeWebhookEvent>(delivered.body, delivered.headers, t.signingKey);
    expect(event.type).toBe('record.completed');
    expect(event.data.id).toBe(delivered.recordId);
    expect(event.data.status).toBe('completed');
    const detailed = await verifyWebhookDelivery(
      Buffer.from(delivered.body),
      delivered.headers,
      t.signingKey,
    );
    expect(detailed).toMatchObject({ scheme: 'standard-webhooks', id: delivered.headers['webhook-id'] });
  });

  it('refuses a tampered body, a wrong key, a stale or future timestamp, and missing signatures', async () => {
    const { body, headers } = delivered;
    const sentAt = new Date(Number(headers['webhook-timestamp']) * 1000);
    expect(await reasonOf(verifyWebhook(body.replace('completed', 'failed'), headers, t.signingKey))).toBe(
      'invalid_signature',
    );
    expect(await reasonOf(verifyWebhook(body, headers, generateWebhookSecret()))).toBe('invalid_signature');
    const later = new Date(sentAt.getTime() + 301_000);
    expect(await reasonOf(verifyWebhook(body, headers, t.signingKey, { now: later }))).toBe(
      'timestamp_too_old',
    );
    const earlier = new Date(sentAt.getTime() - 301_000);
    expect(await reasonOf(verifyWebhook(body, headers, t.signingKey, { now: earlier }))).toBe(
      'timestamp_too_new',
    );
    expect(
      await reasonOf(verifyWebhook(body, headers, t.signingKey, { now: later, toleranceSeconds: 600 })),
    ).toBe('verified');
    expect(await reasonOf(verifyWebhook(body, {}, t.signingKey))).toBe('missing_signature');
    const { 'webhook-signature': _, ...noSignature } = headers;
    expect(await reasonOf(verifyWebhook(body, noSignature, t.signingKey))).toBe('missing_signature');
  });

  it('accepts x-body-signature alone (the seed receivers) and refuses it with the wrong key', async () => {
    const seedOnly = { 'x-body-signature': delivered.headers['x-body-signature']! };
    const event = await verifyWebhookDelivery(delivered.body, seedOnly, t.signingKey);
    expect(event.scheme).toBe('x-body-signature');
    expect(await reasonOf(verifyWebhook(delivered.body, seedOnly, generateWebhookSecret()))).toBe(
      'invalid_signature',
    );
    expect(await reasonOf(verifyWebhook(`${delivered.body} `, seedOnly, t.signingKey))).toBe(
      'invalid_signature',
    );
  });

  it('verifies with either key while Docket signs with two during a rotation', async () => {
    const own = await t.docket.credentials.createApplication('rotation');
    const client = new Docket({ baseUrl: t.url, apiKey: own.api_key });
    const rotated = await client.rotateSigningKey();
    const receiver = await startReceiver();
    closers.push(() => receiver.close());
    await client.endpoints.create({ url: receiver.url });
    await client.submit(pdf, { kind: 'text' });
    await eventually(async () => receiver.requests.length > 0);
    const { body, headers } = receiver.requests[0]!;
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    const h = headers as Record<string, string>;
    expect(await reasonOf(verifyWebhook(body, h, own.webhook_signature_key))).toBe('verified');
    expect(await reasonOf(verifyWebhook(body, h, rotated.webhook_signature_key))).toBe('verified');
    expect(await reasonOf(verifyWebhook(body, h, [generateWebhookSecret(), own.webhook_signature_key]))).toBe(
      'verified',
    );
  });
});

describe('agreement with the official standardwebhooks package', () => {
  it('each verifies what the other signs', async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      type: 'record.completed',
      timestamp: new Date().toISOString(),
      data: { id: 'r' },
    });
    const ours = await signWebhook({ body, id: 'evt_1', secret });
    expect(new Webhook(secret).verify(body, ours)).toMatchObject({ type: 'record.completed' });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, ours)).toThrow();
    expect(new Webhook(t.signingKey).verify(delivered.body, delivered.headers)).toMatchObject({
      type: 'record.completed',
    });
    const now = new Date();
    const theirs = new Webhook(secret).sign('evt_2', now, body);
    const headers = {
      'webhook-id': 'evt_2',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': theirs,
    };
    expect(await reasonOf(verifyWebhook(body, headers, secret))).toBe('verified');
  });
});

/** The three handlers, each on its own port, receiving from the same Docket. */
async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('framework handlers', () => {
  it('node:http, Express and Fastify receive real deliveries and answer 400 / 401 / 500 / 200', async () => {
    const own = await t.docket.credentials.createApplication('handlers');
    const client = new Docket({ baseUrl: t.url, apiKey: own.api_key });
    const secret = own.webhook_signature_key;
    const received: Record<string, string[]> = { node: [], express: [], fastify: [] };
    let failNext = false;
    const listener = (name: string) => (event: NativeWebhookEvent) => {
      if (failNext) throw new Error('listener failed');
      received[name]!.push(event.data.id);
    };

    const nodeUrl = `${await listen(http.createServer(nodeWebhook(secret, listener('node'))))}/hook`;
    const app = express();
    app.post('/hook', expressWebhook(secret, listener('express')));
    app.use(express.json()); // the rest of the app may parse JSON; the webhook route came first
    const expressUrl = `${await listen(http.createServer(app))}/hook`;
    const fastify = Fastify();
    await fastify.register(fastifyWebhook(secret, listener('fastify'), { path: '/hook' }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => fastify.close());
    const fastifyUrl = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/hook`;

    for (const url of [nodeUrl, expressUrl, fastifyUrl]) await client.endpoints.create({ url });
    const record = await client.submit(pdf, { kind: 'text' });
    await eventually(async () => Object.values(received).every((ids) => ids.length === 1));
    expect(received).toEqual({ node: [record.id], express: [record.id], fastify: [record.id] });

    const body = JSON.stringify({
      type: 'record.completed',
      timestamp: new Date().toISOString(),
      data: { id: 'x' },
    });
    const signed = await signWebhook({ body, id: 'evt_local', secret });
    const post = (url: string, headers: Record<string, string>, text = body) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      }).then((r) => r.status);
    for (const url of [nodeUrl, expressUrl, fastifyUrl]) {
      expect(await post(url, {})).toBe(400);
      expect(await post(url, signed, body.replace('x', 'y'))).toBe(401);
      expect(await post(url, await signWebhook({ body, id: 'evt', secret: generateWebhookSecret() }))).toBe(
        401,
      );
      expect(
        await post(url, { ...signed, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) }),
      ).toBe(401);
      failNext = true;
      expect(await post(url, signed)).toBe(500);
      failNext = false;
      expect(await post(url, signed)).toBe(200);
    }
  });

  it('Express: refuses to verify a body that express.json() already parsed', async () => {
    const app = express();
    app.use(express.json());
    app.post(
      '/hook',
      expressWebhook(generateWebhookSecret(), () => {}),
    );
    const url = `${await listen(http.createServer(app))}/hook`;
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(500);
    expect(await answer.text()).toContain('before express.json()');
  });
});
