/**
 * Starts a real Docket (HTTP on a random port, worker threads, a fresh data directory) for tests,
 * and a tiny client for its API.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type DocketConfig, loadConfig } from '../../src/config/config.ts';
import type { Clock } from '../../src/core/ports.ts';
import { bootstrapCredentials, createDocket, type Docket, type Role } from '../../src/main.ts';
import { testAdapterEnv } from './postgres.ts';

export interface TestDocket {
  docket: Docket;
  url: string;
  apiKey: string;
  applicationId: string;
  /** The default application's stable integer id (seed 001's `application_id`). */
  applicationNumber: number;
  signingKey: string;
  dataDir: string;
  /** Stops the service; keeps the data directory unless `remove` is set. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

export interface TestDocketOptions {
  role?: Role;
  /** Reuse a data directory (restart tests). */
  dataDir?: string;
  /** Extra DOCKET_* variables. */
  env?: Record<string, string>;
  /** A clock the test moves by hand (retry schedules). */
  clock?: Clock;
}

export async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'docket-test-'));
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): DocketConfig {
  return loadConfig({
    DOCKET_DATA_DIR: dataDir,
    DOCKET_PORT: '0',
    DOCKET_HOST: '127.0.0.1',
    DOCKET_LOG_LEVEL: 'silent',
    DOCKET_ANALYSER_THREADS: '1',
    ...env,
  });
}

export async function startTestDocket(options: TestDocketOptions = {}): Promise<TestDocket> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  // DOCKET_TEST_ADAPTERS=scale-out runs the same tests on PostgreSQL + pg-boss + S3.
  const config = testConfig(dataDir, { ...(await testAdapterEnv(dataDir)), ...options.env });
  const docket = await createDocket(config, {
    role: options.role ?? 'all',
    logger: pino({ level: 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await bootstrapCredentials(docket);
  const credentials = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8')) as {
    application_id: string;
    application_number: number;
    api_key: string;
    webhook_signature_key: string;
  };
  const address = await docket.start();
  return {
    docket,
    url: address ?? '',
    apiKey: credentials.api_key,
    applicationId: credentials.application_id,
    applicationNumber: credentials.application_number,
    signingKey: credentials.webhook_signature_key,
    dataDir,
    async stop(stopOptions = {}) {
      await docket.stop();
      if (stopOptions.remove) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API with the given key; JSON bodies are sent as JSON, strings and FormData as they are. */
export async function api<T = any>(
  base: string,
  key: string | null,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const init: RequestInit = { method, headers: { ...(key ? { 'x-auth': key } : {}), ...headers } };
  if (body instanceof FormData || typeof body === 'string') init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${route}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` (a bound, not a timing assertion). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
