import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeInvoice, invoicePdf } from '../fixtures/templates/invoices.ts';
import { api, eventually, makeDataDir, startTestDocket, type TestDocket } from '../support/docket.ts';
import { corruptPdf, textPdf } from '../support/pdfs.ts';
import { runCli } from './run-cli.ts';

let t: TestDocket;
let connection: string[];
const temporary: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await makeDataDir();
  temporary.push(dir);
  return dir;
}

beforeAll(async () => {
  t = await startTestDocket();
  connection = ['--url', t.url, '--key', t.apiKey];
});
afterAll(async () => {
  await t.stop({ remove: true });
  for (const dir of temporary) await fs.rm(dir, { recursive: true, force: true });
});

describe('docket --help and usage errors', () => {
  const commands = [
    [],
    ['start'],
    ['api'],
    ['worker'],
    ['migrate'],
    ['openapi'],
    ['apps'],
    ['apps', 'create'],
    ['apps', 'credit-limit'],
    ['app', 'create'],
    ['keys', 'create'],
    ['key', 'create'],
    ['oauth-clients', 'create'],
    ['oauth-clients', 'list'],
    ['submit'],
    ['status'],
    ['results'],
    ['listen'],
    ['replay'],
  ];
  it('documents every command and the exit codes', async () => {
    const runs = await Promise.all(commands.map((command) => runCli([...command, '--help'])));
    for (const [i, run] of runs.entries()) {
      expect(run.code, commands[i]!.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: docket');
      expect(run.stdout).toContain('Exit codes:');
    }
  });

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['submit'])).code).toBe(2); // missing FILE
    expect((await runCli(['submit', 'no-such-file.pdf', ...connection])).code).toBe(2);
    expect((await runCli(['listen', ...connection])).code).toBe(2); // --forward-to is required
    expect((await runCli(['replay', ...connection])).code).toBe(2);
  });
});

describe('administration on the local data directory', () => {
  it('migrates, creates applications and keys (old singular names too), and exits 78 on a config error', async () => {
    const dataDir = await tempDir();
    const env = { DOCKET_DATA_DIR: dataDir };
    {
      expect(await runCli(['migrate'], env)).toMatchObject({ code: 0 });
      const created = await runCli(['apps', 'create', 'shop'], env);
      expect(created.code).toBe(0);
      const app = JSON.parse(created.stdout);
      expect(app).toMatchObject({
        application_id: expect.any(String),
        api_key: expect.stringMatching(/^dk_/),
      });
      const key = await runCli(['key', 'create', app.application_id, '--name', 'ci'], env);
      expect(key.stdout).toMatch(/^dk_\S+\n$/);
      expect((await runCli(['keys', 'create', 'no-such-app'], env)).code).toBe(2);
      expect((await runCli(['app', 'create', 'old-name'], env)).code).toBe(0);
      const bad = await runCli(['migrate'], { ...env, DOCKET_PORT: 'nope' });
      expect(bad.code).toBe(78);
      expect(bad.stderr).toContain('DOCKET_PORT');
    }
  });

  it('start on a port already in use exits 78 saying so, and leaves the queued work to others', async () => {
    const apiOnly = await startTestDocket({ role: 'api', dataDir: await tempDir() });
    const body = (await textPdf(['queued before the failed start'])).toString('base64');
    const upload = await api(apiOnly.url, apiOnly.apiKey, 'POST', '/v1/records', { kind: 'text', body });
    expect(upload.status).toBe(202);
    await apiOnly.stop();
    const taken = new URL(t.url).port; // the shared test Docket listens there
    const failed = await runCli(['start'], {
      DOCKET_DATA_DIR: apiOnly.dataDir,
      DOCKET_HOST: '127.0.0.1',
      DOCKET_PORT: taken,
    });
    expect(failed.code).toBe(78);
    expect(failed.stderr).toContain(`cannot listen on 127.0.0.1:${taken}: the port is already in use`);
    // The process that could not listen left the record as it found it: queued, its task ready.
    const after = await startTestDocket({ role: 'api', dataDir: apiOnly.dataDir });
    try {
      const record = await api(after.url, after.apiKey, 'GET', `/v1/records/${upload.body.id}`);
      expect(record.body.status).toBe('queued');
      expect(await after.docket.queue.nextRunAt(['record.analyse'])).not.toBeNull();
    } finally {
      await after.stop();
    }
  });

  it('creates scoped API keys and OAuth2 clients, and refuses unknown scopes naming the known ones', async () => {
    const env = { DOCKET_DATA_DIR: await tempDir() };
    const app = JSON.parse((await runCli(['apps', 'create', 'clinic'], env)).stdout);
    const scoped = await runCli(['keys', 'create', app.application_id, '--scopes', 'read:documents'], env);
    expect(scoped.stdout).toMatch(/^dk_\S+\n$/);
    const client = await runCli(
      [
        'oauth-clients',
        'create',
        app.application_id,
        '--name',
        'pms',
        '--scopes',
        'read:documents,write:document_integrations',
      ],
      env,
    );
    expect(client.code).toBe(0);
    expect(JSON.parse(client.stdout)).toMatchObject({
      client_id: expect.any(String),
      client_secret: expect.stringMatching(/^dkcs_/),
      scopes: ['read:documents', 'write:document_integrations'],
    });
    const listed = JSON.parse((await runCli(['oauth-clients', 'list', app.application_id], env)).stdout);
    expect(listed.map((c: any) => c.name)).toEqual(['pms']);
    expect(listed[0].client_secret).toBeUndefined();
    const badScope = await runCli(['oauth-clients', 'create', app.application_id, '--scopes', 'admin'], env);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('read:documents');
  });

  it("sets and removes an application's template credit limit (seed 002)", async () => {
    const env = { DOCKET_DATA_DIR: await tempDir() };
    const app = JSON.parse((await runCli(['apps', 'create', 'shop'], env)).stdout);
    const limited = await runCli(['apps', 'credit-limit', app.application_id, '100'], env);
    expect(limited.code).toBe(0);
    expect(JSON.parse(limited.stdout)).toEqual({ application_id: app.application_id, credit_limit: 100 });
    const unlimited = await runCli(['apps', 'credit-limit', app.application_id, 'none'], env);
    expect(JSON.parse(unlimited.stdout)).toMatchObject({ credit_limit: null });
    const [lots, nobody] = await Promise.all([
      runCli(['apps', 'credit-limit', app.application_id, 'lots'], env),
      runCli(['apps', 'credit-limit', 'no-such-app', '5'], env),
    ]);
    expect(lots.code).toBe(2);
    expect(lots.stderr).toContain('whole number');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('no application with id no-such-app');
  });
});

describe('status', () => {
  it('prints a record as a table or JSON, and exits 1 for a failed one', async () => {
    const submitted = await runCli([
      'submit',
      '--json',
      '--wait',
      ...connection,
      await writeTemp('ok.pdf', await textPdf(['status'])),
    ]);
    const [ok] = JSON.parse(submitted.stdout);
    const table = await runCli(['status', ok.id, ...connection]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${ok.id}\\s+text\\s+completed\\s+1\\s+ok.pdf`));
    const json = await runCli(['status', ok.id, '--json', ...connection]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: ok.id, status: 'completed' });

    const broken = await runCli([
      'submit',
      '--json',
      ...connection,
      await writeTemp('broken.pdf', corruptPdf()),
    ]);
    const failed = await runCli(['status', JSON.parse(broken.stdout)[0].id, '--wait', ...connection]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('failed');
  });

  it('exits 2 for an unknown record, 3 for a refused key or an unreachable Docket, 78 without a key', async () => {
    const unknown = await runCli(['status', '00000000-0000-4000-8000-0000000000aa', ...connection]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('record_not_found');
    expect((await runCli(['status', 'x', '--url', t.url, '--key', 'dk_wrong'])).code).toBe(3);
    expect((await runCli(['status', 'x', '--url', 'http://127.0.0.1:9', '--key', 'k'])).code).toBe(3);
    const noKey = await runCli(['status', 'x', '--url', t.url], { DOCKET_DATA_DIR: await tempDir() });
    expect(noKey.code).toBe(78);
  });

  it('reads DOCKET_URL, and the API key from data/credentials.json', async () => {
    const ok = await runCli(['status', '00000000-0000-4000-8000-0000000000aa'], {
      DOCKET_URL: t.url,
      DOCKET_DATA_DIR: t.dataDir,
    });
    expect(ok.code).toBe(2); // authenticated (a 404, not a 401)
  });
});

describe('results', () => {
  it('asks POST /v1/job-results for CSV and prints it as it came', async () => {
    // A stand-in for the seed-002 route, which is not on this branch: checks what the CLI sends.
    const requests: Array<{ url: string; auth: string; body: unknown }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ url: req.url!, auth: String(req.headers.authorization), body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'text/csv' }).end('field_1,field_2\nfoo,bar\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await runCli(['results', 'job-1', '--format', 'csv', '--url', url, '--key', 'dk_k']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('field_1,field_2\nfoo,bar\n');
      expect(requests).toEqual([
        { url: '/v1/job-results', auth: 'Bearer dk_k', body: { job_id: 'job-1', result_format: 'csv' } },
      ]);
      expect((await runCli(['results', 'job-1', '--format', 'xml', '--url', url, '--key', 'k'])).code).toBe(
        2,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('results ID --format csv and --json against a real Docket print the job a template extracted', async () => {
    const template = await api(t.url, t.apiKey, 'POST', '/v1/templates', {
      name: 'ACME totals',
      keywords: ['ACME Supplies'],
      fields: {
        invoice_number: { rules: [{ regex: 'Invoice number:\\s*(\\S+)' }], required: true },
        total: { type: 'money', rules: [{ regex: 'Total:\\s*([\\d.,]+)' }] },
      },
    });
    expect(template.status).toBe(201);
    const pdf = await invoicePdf(acmeInvoice(7));
    const accepted = await api(t.url, t.apiKey, 'POST', '/process-job', {
      template_id: template.body.id,
      actual_image: pdf.toString('base64'),
    });
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.job_id as string;
    await eventually(async () => {
      const status = (await api(t.url, t.apiKey, 'GET', `/job-status?job_id=${jobId}`)).body.status;
      return status === 'SUCCESS' || status === 'FAILED' ? status : null;
    });

    const csv = await runCli(['results', jobId, '--format', 'csv', ...connection]);
    expect(csv.code).toBe(0);
    const [header, row] = csv.stdout.trim().split('\n');
    expect(header).toContain('invoice_number');
    expect(row).toContain('INV-0007');
    const json = await runCli(['results', jobId, ...connection]);
    expect(json.code).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('INV-0007');
  });
});

async function writeTemp(name: string, bytes: Buffer): Promise<string> {
  const dir = await tempDir();
  const file = `${dir}/${name}`;
  await fs.writeFile(file, bytes);
  return file;
}
