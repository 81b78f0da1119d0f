import { describe, expect, it } from 'vitest';
import { ClientCredentialsAuth } from './auth.ts';
import { Docket } from './client.ts';
import { DocketConnectionError, DocketRateLimitError, DocketServerError } from './errors.ts';

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fetch that answers from a script and remembers what it was sent. */
function scripted(answers: Array<(sent: Sent) => Response | Error>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      body: init?.body,
    };
    sent.push(request);
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)]!(request);
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
const record = { id: 'r1', kind: 'text', status: 'queued' };
const rateLimited = json(
  429,
  { error: { code: 'rate_limited', message: 'slow down' } },
  { 'retry-after': '2' },
);

function client(fetchImpl: typeof fetch, sleeps: number[] = [], maxRetries = 3) {
  return new Docket({
    baseUrl: 'http://docket.test',
    apiKey: 'dk_test',
    fetch: fetchImpl,
    retry: { maxRetries, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
}

describe('retries', () => {
  it('waits out Retry-After on 429 and sends the same idempotency key and request id again', async () => {
    const { sent, fetchImpl } = scripted([rateLimited, json(202, record)]);
    const sleeps: number[] = [];
    const created = await client(fetchImpl, sleeps).submit(new Uint8Array([37, 80, 68, 70]), {
      kind: 'text',
    });
    expect(created.id).toBe('r1');
    expect(sleeps).toEqual([2000]);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers.get('idempotency-key')).toBe(sent[0]!.headers.get('idempotency-key'));
    expect(sent[1]!.headers.get('x-request-id')).toBe(sent[0]!.headers.get('x-request-id'));
  });

  it('backs off exponentially on 503 and network errors for repeatable requests, then gives up', async () => {
    const down = json(503, { error: { code: 'unavailable', message: 'try later' } });
    const { sent, fetchImpl } = scripted([down, () => new TypeError('fetch failed'), down, down]);
    const sleeps: number[] = [];
    const error = await client(fetchImpl, sleeps)
      .records.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocketServerError);
    expect(error).toMatchObject({ status: 503, code: 'unavailable', message: 'try later' });
    expect(sent).toHaveLength(4);
    expect(sleeps).toEqual([375, 750, 1500]); // 500·2^n, half fixed and half jitter (random 0.5)
  });

  it('does not repeat a POST that is neither idempotent nor safe on 503, but does on 429', async () => {
    const down = scripted([json(503, { error: { code: 'unavailable', message: 'x' } })]);
    await expect(client(down.fetchImpl).deliveries.replay('d1')).rejects.toBeInstanceOf(DocketServerError);
    expect(down.sent).toHaveLength(1);
    const limited = scripted([rateLimited, json(202, { id: 'd1' })]);
    expect(await client(limited.fetchImpl).deliveries.replay('d1')).toEqual({ id: 'd1' });
    expect(limited.sent).toHaveLength(2);
  });

  it('throws the 429 at once when Retry-After is longer than it will wait, or retries are off', async () => {
    const long = scripted([
      json(429, { error: { code: 'rate_limited', message: 'x' } }, { 'retry-after': '3600' }),
    ]);
    const error = await client(long.fetchImpl)
      .records.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocketRateLimitError);
    expect((error as DocketRateLimitError).retryAfterSeconds).toBe(3600);
    expect(long.sent).toHaveLength(1);
    const off = scripted([rateLimited]);
    await expect(client(off.fetchImpl, [], 0).records.get('r1')).rejects.toBeInstanceOf(DocketRateLimitError);
    expect(off.sent).toHaveLength(1);
  });

  it('turns an unreachable Docket into a DocketConnectionError naming the cause', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetchImpl } = scripted([() => refused]);
    const error = await client(fetchImpl, [], 1)
      .records.get('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocketConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('OAuth client credentials', () => {
  const token = (value: string, expiresIn = 3600) =>
    json(200, { access_token: value, token_type: 'Bearer', expires_in: expiresIn });

  it('renews the token shortly before it expires, and shares one fetch between concurrent requests', async () => {
    let now = 1_000_000;
    let issued = 0;
    const { sent, fetchImpl } = scripted([() => token(`t${++issued}`, 600)()]);
    const auth = new ClientCredentialsAuth(
      { clientId: 'id', clientSecret: 'secret', scopes: ['read:documents', 'write:document_integrations'] },
      'http://docket.test',
      fetchImpl,
      () => now,
    );
    const [a, b] = await Promise.all([auth.authorization(), auth.authorization()]);
    expect([a, b]).toEqual(['Bearer t1', 'Bearer t1']);
    expect(sent).toHaveLength(1);
    const form = new URLSearchParams(String(sent[0]!.body));
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'read:documents write:document_integrations',
      client_id: 'id',
      client_secret: 'secret',
    });
    expect(sent[0]!.url).toBe('http://docket.test/oauth/token');
    now += 600_000 - 60_001; // just before the renewal point
    expect(await auth.authorization()).toBe('Bearer t1');
    now += 2;
    expect(await auth.authorization()).toBe('Bearer t2');
  });

  it('sends HTTP Basic credentials when asked', async () => {
    const { sent, fetchImpl } = scripted([token('t')]);
    const auth = new ClientCredentialsAuth(
      {
        clientId: 'my id',
        clientSecret: 's:cret',
        tokenUrl: 'http://auth.test/token',
        authMethod: 'client_secret_basic',
      },
      'http://docket.test',
      fetchImpl,
    );
    await auth.authorization();
    expect(sent[0]!.headers.get('authorization')).toBe(`Basic ${btoa('my+id:s%3Acret')}`);
    expect(new URLSearchParams(String(sent[0]!.body)).has('client_secret')).toBe(false);
  });
});
