import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestDocket, type TestDocket } from '../support/docket.ts';
import { testAdapterSet } from '../support/postgres.ts';

let t: TestDocket;

beforeAll(async () => {
  t = await startTestDocket({ role: 'api', env: { DOCKET_RATE_LIMIT_PER_MINUTE: '5' } });
});
afterAll(() => t.stop({ remove: true }));

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-application budget, and says what to do', async () => {
    const app = await t.docket.credentials.createApplication('limited');
    for (let i = 0; i < 5; i++)
      expect((await api(t.url, app.api_key, 'GET', '/v1/records')).status).toBe(200);
    const limited = await api(t.url, app.api_key, 'GET', '/v1/records');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toMatch(/retry after \d+ s/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Health and metrics are never limited; another application has its own budget.
    expect((await api(t.url, null, 'GET', '/healthz')).status).toBe(200);
    const other = await t.docket.credentials.createApplication('other');
    expect((await api(t.url, other.api_key, 'GET', '/v1/records')).status).toBe(200);
  });

  it.runIf(testAdapterSet() === 'scale-out')('shares one budget across API processes', async () => {
    // A second API process on the same database and bucket.
    const second = await startTestDocket({
      role: 'api',
      dataDir: t.dataDir,
      env: { DOCKET_RATE_LIMIT_PER_MINUTE: '5' },
    });
    try {
      const app = await t.docket.credentials.createApplication('shared');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const server = i % 2 === 0 ? t.url : second.url;
        statuses.push((await api(server, app.api_key, 'GET', '/v1/records')).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await second.stop();
    }
  });
});
