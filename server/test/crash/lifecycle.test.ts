/** The `docket` command as an operator uses it: start, SIGTERM, restart, and the app/key commands. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { api, eventually, makeDataDir } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { spawnDocket } from '../support/process.ts';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

describe('docket command', () => {
  it('stops cleanly on SIGTERM and finishes the work after a restart', async () => {
    const dataDir = await makeDataDir();
    const env = { DOCKET_DATA_DIR: dataDir };
    const first = await spawnDocket('start', env);
    expect(first.output()).toMatch(/api_key:\s+dk_/);
    const { api_key: key } = JSON.parse(await fs.readFile(path.join(dataDir, 'credentials.json'), 'utf8'));
    expect((await fs.stat(path.join(dataDir, 'credentials.json'))).mode & 0o777).toBe(0o600);
    const body = (await textPdf(['graceful'])).toString('base64');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push((await api(first.url, key, 'POST', '/v1/records', { kind: 'text', body })).body.id);
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM received/);

    const second = await spawnDocket('start', env);
    // Credentials are printed on the first start only.
    expect(second.output()).not.toMatch(/api_key:/);
    try {
      for (const id of ids) {
        await eventually(
          async () => (await api(second.url, key, 'GET', `/v1/records/${id}`)).body.status === 'completed',
        );
      }
    } finally {
      await second.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('creates applications and keys from the command line', async () => {
    const dataDir = await makeDataDir();
    const env = { ...process.env, DOCKET_DATA_DIR: dataDir, DOCKET_LOG_LEVEL: 'silent' };
    const created = JSON.parse(
      (await run(process.execPath, [CLI, 'app', 'create', 'clinic'], { env })).stdout,
    );
    expect(created).toMatchObject({
      application_id: expect.any(String),
      api_key: expect.stringMatching(/^dk_/),
    });
    expect(created.webhook_signature_key).toMatch(/^whsec_/);
    const second = (
      await run(process.execPath, [CLI, 'key', 'create', created.application_id], { env })
    ).stdout.trim();
    expect(second).toMatch(/^dk_/);

    const server = await spawnDocket('api', { DOCKET_DATA_DIR: dataDir });
    try {
      for (const key of [created.api_key, second]) {
        expect((await api(server.url, key, 'GET', '/v1/records')).status).toBe(200);
      }
    } finally {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const env = { ...process.env, DOCKET_PORT: 'eighty' };
    const failure = await run(process.execPath, [CLI, 'start'], { env }).catch((error) => error);
    expect(failure.code).toBe(78);
    expect(failure.stderr).toMatch(/DOCKET_PORT="eighty" is not allowed/);
  });
});
