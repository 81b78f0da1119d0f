/**
 * Runs every ```ts example of README.md against a real Docket, each in its own Node process, and
 * type-checks them all. An example that starts a server (`.listen(`) is sent a signed and an
 * unsigned webhook on /webhooks/docket; one that exports `handle` is called with both.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/index.ts';
import { type Receiver, startReceiver, startTestDocket, type TestDocket, textPdf } from './support.ts';

const run = promisify(execFile);
const sdk = path.resolve(import.meta.dirname, '..');
const dir = path.join(sdk, '.tmp', `readme-${process.pid}`);
const examples = (await fs.readFile(path.join(sdk, 'README.md'), 'utf8'))
  .split(/^```ts\n/m)
  .slice(1)
  .map((block) => block.slice(0, block.indexOf('\n```')));

let t: TestDocket;
let hook: Receiver;
let tokenServer: http.Server;
let env: Record<string, string>;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  hook = await startReceiver();
  // A token endpoint for the OAuth example, issuing the API key as the access token.
  tokenServer = http.createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: t.apiKey, expires_in: 3600 })),
  );
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'report.pdf'), await textPdf(['README example']));
  for (const [i, code] of examples.entries())
    await fs.writeFile(path.join(dir, `example-${i}.ts`), `${code}\n`);
  env = {
    ...(process.env as Record<string, string>),
    DOCKET_URL: t.url,
    DOCKET_API_KEY: t.apiKey,
    DOCKET_WEBHOOK_SECRET: t.signingKey,
    DOCKET_CLIENT_ID: 'readme',
    DOCKET_CLIENT_SECRET: 'readme-secret',
    DOCKET_TOKEN_URL: `http://127.0.0.1:${(tokenServer.address() as net.AddressInfo).port}/oauth/token`,
    WEBHOOK_URL: hook.url,
  };
});
afterAll(async () => {
  await hook.close();
  await new Promise((resolve) => tokenServer.close(resolve));
  await t.stop({ remove: true });
  await fs.rm(dir, { recursive: true, force: true });
});

/** A signed and an unsigned delivery, and the statuses they got. */
async function deliverTo(send: (body: string, headers: Record<string, string>) => Promise<number>) {
  const body = JSON.stringify({
    type: 'record.completed',
    timestamp: new Date().toISOString(),
    data: { id: 'r', status: 'completed' },
  });
  const headers = {
    'content-type': 'application/json',
    ...(await signWebhook({ body, id: 'evt_readme', secret: t.signingKey })),
  };
  return [await send(body, headers), await send(body, { 'content-type': 'application/json' })];
}

async function runServerExample(file: string): Promise<number[]> {
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    cwd: dir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (let i = 0; ; i++) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
        socket.once('error', () => resolve(false));
      });
      if (open) break;
      if (child.exitCode !== null || i > 400) throw new Error(`${file} did not listen:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return await deliverTo(async (body, headers) => {
      const answer = await fetch(`http://127.0.0.1:${port}/webhooks/docket`, {
        method: 'POST',
        body,
        headers,
      });
      return answer.status;
    });
  } finally {
    child.kill();
  }
}

async function runHandleExample(file: string): Promise<number[]> {
  const { handle } = (await import(file)) as { handle: (request: Request) => Promise<Response> };
  process.env.DOCKET_WEBHOOK_SECRET = t.signingKey;
  return deliverTo(
    async (body, headers) =>
      (await handle(new Request('http://x/hook', { method: 'POST', body, headers }))).status,
  );
}

describe('README examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it('type-check', async () => {
    await fs.writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: ['*.ts'],
      }),
    );
    const tsc = path.resolve(sdk, '../node_modules/typescript/bin/tsc');
    const checked = await run(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')]).catch(
      (e: { stdout: string }) => e,
    );
    expect((checked as { stdout: string }).stdout).toBe('');
  });

  for (const [i, code] of examples.entries()) {
    const title =
      code
        .split('\n')
        .find((line) => line.startsWith('import'))
        ?.slice(0, 70) ?? `example ${i}`;
    it(`example ${i} runs (${title})`, async () => {
      const file = path.join(dir, `example-${i}.ts`);
      if (code.includes('.listen(')) {
        expect(await runServerExample(file)).toEqual([200, 400]);
      } else if (code.includes('export async function handle')) {
        expect(await runHandleExample(file)).toEqual([200, 400]);
      } else {
        const { stdout } = await run(process.execPath, [file], { cwd: dir, env });
        expect(stdout.trim().length).toBeGreaterThan(0);
      }
    });
  }
});
