import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Webhook } from 'standardwebhooks';
import type { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookDispatcher } from './dispatcher.ts';
import { fakeDns } from './fake-dns.test-support.ts';
import { RESPONSE_EXCERPT_BYTES, sendAttempt } from './sender.ts';
import { generateSigningKey, signWebhook } from './signing.ts';
import { parseAllowList } from './ssrf-guard.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  remotePort: number;
  servername?: string | false | null;
}

interface Receiver {
  port: number;
  received: Received[];
  connections: number;
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function track(server: Server): void {
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
}

/** A real HTTP receiver on a random local port; `handler` writes the response. */
async function receiver(
  handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
  server: Server = createServer(),
): Promise<Receiver> {
  const state: Receiver = { port: 0, received: [], connections: 0 };
  server.on('connection', () => state.connections++);
  server.on('secureConnection', () => state.connections++);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      state.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        remotePort: req.socket.remotePort ?? 0,
        servername: (req.socket as TLSSocket).servername,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  track(server);
  state.port = (server.address() as AddressInfo).port;
  return state;
}

function dispatcher(options: Parameters<typeof createWebhookDispatcher>[0] = {}): Agent {
  const agent = createWebhookDispatcher({ allow: parseAllowList('127.0.0.1/8,::1/128'), ...options });
  cleanup.push(() => agent.close());
  return agent;
}

const payload = JSON.stringify({ record_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', status: 'completed' });

/** One attempt of `payload` with no extra headers; the dispatcher defaults to the test allow-list. */
function post(url: string, via: Agent = dispatcher(), timeoutMs?: number) {
  return sendAttempt({
    url,
    headers: {},
    body: payload,
    dispatcher: via,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('sendAttempt', () => {
  it('delivers a signed POST that the receiver verifies, and reports success', async () => {
    const key = generateSigningKey();
    let verified: unknown = null;
    const rx = await receiver((req, res, body) => {
      // Seed-style receiver + Standard Webhooks verification of the same request.
      const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(body).digest('hex');
      if (req.headers['x-body-signature'] !== expected) {
        res.writeHead(401).end('Invalid signature');
        return;
      }
      verified = new Webhook(key).verify(body, req.headers as Record<string, string>);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
    const headers = signWebhook({
      body: payload,
      id: 'evt_1',
      timestamp: Math.floor(Date.now() / 1000),
      keys: [key],
    });
    const result = await sendAttempt({
      url: `http://127.0.0.1:${rx.port}/lab-reports-webhook`,
      headers: { ...headers, Authorization: 'Bearer custom' },
      body: payload,
      dispatcher: dispatcher(),
    });

    expect(result).toMatchObject({
      outcome: 'success',
      statusCode: 200,
      error: null,
      errorKind: null,
      responseExcerpt: 'OK',
      retryAfter: null,
      gone: false,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(verified).toEqual(JSON.parse(payload));
    const [req] = rx.received;
    expect(req).toMatchObject({ method: 'POST', url: '/lab-reports-webhook' });
    expect(req!.body.toString()).toBe(payload);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBe('Bearer custom');
    expect(req!.headers['user-agent']).toMatch(/^Docket-Webhooks/);
  });

  it('reuses keep-alive connections across attempts', async () => {
    const rx = await receiver((_req, res) => res.writeHead(204).end());
    const url = `http://127.0.0.1:${rx.port}/`;
    // Limited to one connection per origin: every attempt must reuse it.
    const single = dispatcher({ connections: 1 });
    for (let i = 0; i < 5; i++) {
      const result = await sendAttempt({ url, headers: {}, body: '{}', dispatcher: single });
      expect(result.outcome).toBe('success');
      expect(result.responseExcerpt).toBe('');
    }
    expect(rx.connections).toBe(1);
    expect(new Set(rx.received.map((r) => r.remotePort)).size).toBe(1);
    // Default pool: undici may open a second socket while the first is being released, but not one per attempt.
    const pooled = dispatcher();
    for (let i = 0; i < 10; i++) await sendAttempt({ url, headers: {}, body: '{}', dispatcher: pooled });
    expect(rx.connections).toBeLessThanOrEqual(1 + 2);
  });

  it('treats non-2xx as failure and reports Retry-After and the response excerpt', async () => {
    const rx = await receiver((_req, res) =>
      res.writeHead(503, { 'retry-after': '120' }).end('{"error":"busy"}'),
    );
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result).toMatchObject({
      outcome: 'failure',
      statusCode: 503,
      error: 'HTTP 503',
      errorKind: 'http_status',
      responseExcerpt: '{"error":"busy"}',
      retryAfter: '120',
      gone: false,
    });
  });

  it('flags 410 Gone', async () => {
    const rx = await receiver((_req, res) => res.writeHead(410).end('endpoint removed'));
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result).toMatchObject({
      outcome: 'failure',
      statusCode: 410,
      gone: true,
      errorKind: 'http_status',
    });
  });

  it('does not follow redirects', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('should not be reached'));
    const rx = await receiver((_req, res) =>
      res.writeHead(307, { location: `http://127.0.0.1:${target.port}/elsewhere` }).end(),
    );
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result.outcome).toBe('failure');
    expect(result.statusCode).toBe(307);
    expect(result.errorKind).toBe('redirect');
    expect(result.error).toContain('redirect not followed');
    expect(result.error).toContain(`/elsewhere`);
    expect(target.received).toHaveLength(0);
  });

  it('fails with a timeout when the receiver never answers', async () => {
    const rx = await receiver(() => {
      /* never respond */
    });
    const result = await post(`http://127.0.0.1:${rx.port}/`, dispatcher(), 150);
    expect(result).toMatchObject({
      outcome: 'failure',
      statusCode: null,
      errorKind: 'timeout',
      responseExcerpt: null,
    });
    expect(result.error).toMatch(/timeout after 150 ms/);
  });

  it('fails with a timeout when the body stalls after a 200', async () => {
    const rx = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      // never end
    });
    const result = await post(`http://127.0.0.1:${rx.port}/`, dispatcher(), 150);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: 200, errorKind: 'timeout' });
  });

  it('fails when the connection is refused', async () => {
    const rx = await receiver(() => {});
    await cleanup.pop()!(); // close the server, keep its port number
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: null, errorKind: 'connection_refused' });
    expect(result.error).toMatch(/connection refused/);
  });

  it('fails when the connection is reset', async () => {
    const rx = await receiver((req) => req.socket.destroy());
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: null, errorKind: 'connection_reset' });
  });

  it('keeps only the first 4 KB of a large body and does not hang on it', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const rx = await receiver((_req, res) => res.writeHead(500).end(big));
    const agent = dispatcher();
    const result = await post(`http://127.0.0.1:${rx.port}/`, agent);
    expect(result.statusCode).toBe(500);
    expect(result.responseExcerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
    // The dispatcher is still usable afterwards.
    const again = await post(`http://127.0.0.1:${rx.port}/`, agent);
    expect(again.statusCode).toBe(500);
  });

  it('reads a moderate body to its end so the connection is reused, and closes it for a huge one', async () => {
    const rx = await receiver((req, res) =>
      res.writeHead(200).end('y'.repeat(req.url === '/huge' ? 1024 * 1024 : 20 * 1024)),
    );
    const single = dispatcher({ connections: 1 });
    for (let i = 0; i < 3; i++) {
      const result = await post(`http://127.0.0.1:${rx.port}/moderate`, single);
      expect(result).toMatchObject({ outcome: 'success', statusCode: 200 });
      expect(result.responseExcerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
    }
    expect(rx.connections).toBe(1);
    // The status already says success; the rest of a 1 MB body is not downloaded.
    expect(await post(`http://127.0.0.1:${rx.port}/huge`, single)).toMatchObject({ outcome: 'success' });
    expect(await post(`http://127.0.0.1:${rx.port}/moderate`, single)).toMatchObject({ outcome: 'success' });
    expect(rx.connections).toBe(2);
  });

  it('drops NUL characters from the excerpt, which PostgreSQL text cannot store', async () => {
    const rx = await receiver((_req, res) => res.writeHead(500).end('bad\u0000 things'));
    expect((await post(`http://127.0.0.1:${rx.port}/`)).responseExcerpt).toBe('bad things');
  });

  it('reports an unusable URL as a failed attempt instead of throwing', async () => {
    const result = await post('http://exa mple.com/');
    expect(result).toMatchObject({ outcome: 'failure', statusCode: null, errorKind: 'network' });
    expect(result.error).toMatch(/Invalid URL/);
  });

  it('cuts the excerpt on a character boundary', async () => {
    const body = `${'a'.repeat(RESPONSE_EXCERPT_BYTES - 1)}€ tail`;
    const rx = await receiver((_req, res) => res.writeHead(400).end(body));
    const result = await post(`http://127.0.0.1:${rx.port}/`);
    expect(result.responseExcerpt).toBe('a'.repeat(RESPONSE_EXCERPT_BYTES - 1));
  });
});

describe('createWebhookDispatcher SSRF guard', () => {
  it('refuses 127.0.0.1 without the allow-list, sending nothing', async () => {
    const rx = await receiver((_req, res) => res.writeHead(200).end());
    const agent = createWebhookDispatcher();
    cleanup.push(() => agent.close());
    const result = await post(`http://127.0.0.1:${rx.port}/`, agent);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: null, errorKind: 'forbidden_address' });
    expect(result.error).toMatch(/127\.0\.0\.1 \(loopback\).*DOCKET_WEBHOOK_ALLOW/);
    expect(rx.received).toHaveLength(0);
    expect(rx.connections).toBe(0);
  });

  it('refuses at connect time a host NAME that resolves to 127.0.0.1', async () => {
    const rx = await receiver((_req, res) => res.writeHead(200).end());
    const resolve = fakeDns({ 'hooks.customer.example': ['127.0.0.1'] });
    const agent = createWebhookDispatcher({ resolve });
    cleanup.push(() => agent.close());
    const result = await post(`http://hooks.customer.example:${rx.port}/`, agent);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: null, errorKind: 'forbidden_address' });
    expect(result.error).toContain('hooks.customer.example resolves to 127.0.0.1 (loopback)');
    expect(resolve.calls).toEqual(['hooks.customer.example']);
    expect(rx.connections).toBe(0);
  });

  it('refuses when any resolved address is forbidden, and allow-list ranges are exact', async () => {
    const rx = await receiver((_req, res) => res.writeHead(200).end());
    const resolve = fakeDns({ mixed: ['127.0.0.1', '10.0.0.1'], other: ['127.0.0.2'] });
    const agent = createWebhookDispatcher({ resolve, allow: parseAllowList('127.0.0.1/32') });
    cleanup.push(() => agent.close());
    const mixed = await post(`http://mixed:${rx.port}/`, agent);
    expect(mixed.errorKind).toBe('forbidden_address');
    expect(mixed.error).toContain('10.0.0.1 (private)');
    const other = await post(`http://other:${rx.port}/`, agent);
    expect(other.errorKind).toBe('forbidden_address');
    expect(rx.connections).toBe(0);
  });

  it('connects to the checked address of an allow-listed name (no second DNS lookup)', async () => {
    const rx = await receiver((_req, res) => res.writeHead(200).end('OK'));
    // The name exists only in the injected resolver; the system resolver cannot find it.
    const resolve = fakeDns({ 'receiver.docket.invalid': ['127.0.0.1'] });
    const agent = dispatcher({ resolve, connections: 1 });
    const url = `http://receiver.docket.invalid:${rx.port}/hook`;
    const first = await post(url, agent);
    const second = await post(url, agent);
    expect(first).toMatchObject({ outcome: 'success', statusCode: 200 });
    expect(second.outcome).toBe('success');
    expect(rx.received[0]!.headers.host).toBe(`receiver.docket.invalid:${rx.port}`);
    expect(resolve.calls).toEqual(['receiver.docket.invalid']); // one lookup per new connection
    expect(rx.connections).toBe(1);
  });

  it('reports DNS failures of the guard resolver', async () => {
    const agent = dispatcher({ resolve: fakeDns({}) });
    const result = await post('http://nowhere.invalid/', agent);
    expect(result).toMatchObject({ outcome: 'failure', errorKind: 'dns' });
    expect(result.error).toContain('nowhere.invalid');
  });
});

let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}

describe.skipIf(!openssl)('TLS', () => {
  it('keeps the host name for SNI and certificate checks while connecting to the checked address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-tls-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=receiver.docket.invalid',
        '-addext',
        'subjectAltName=DNS:receiver.docket.invalid',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert });
    const rx = await receiver((_req, res) => res.writeHead(200).end('tls ok'), server as unknown as Server);
    const resolve = fakeDns({ 'receiver.docket.invalid': ['127.0.0.1'] });

    const agent = dispatcher({ resolve, ca: cert });
    const ok = await post(`https://receiver.docket.invalid:${rx.port}/`, agent);
    expect(ok).toMatchObject({ outcome: 'success', responseExcerpt: 'tls ok' });
    expect(rx.received[0]!.servername).toBe('receiver.docket.invalid');

    // Same address, but a certificate that does not match the name: refused by TLS.
    const wrongName = await post(`https://127.0.0.1:${rx.port}/`, agent);
    expect(wrongName).toMatchObject({ outcome: 'failure', errorKind: 'tls' });
  });
});
