/**
 * The receivers of seeds 000 and 001, as a customer would run them, against real deliveries.
 *
 * The Go receivers are the seeds' own code (test/fixtures/receivers/*.go, only the key and the
 * port changed when they are started); the seeds name JavaScript and Python receivers that do the
 * same (HMAC-SHA256 over the raw body keyed with the key's bytes, hex, compared with
 * `x-body-signature`, then JSON), written here in the most ordinary standard-library form (Node
 * `http` + `crypto`, Python `http.server` + `hmac`). Each runs as its own process on a random
 * port; Docket delivers completed and failed records of both products to them, and every one
 * must answer 200 on the first attempt. The Go structs are the strict ones: `application_id`
 * is an int64 and `uploaded_at` / `modified_at` are `time.Time` (RFC 3339).
 *
 * Go comes from Debian's golang-go, which .ci/run installs when `go` is missing; without it the
 * Go cases are reported as skipped, by name.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabReportPdf, US_TABLE_REPORT } from '../fixtures/lab-reports/generate.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf, tinyPng } from '../support/pdfs.ts';
import { freePort } from '../support/process.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/receivers');
const PLACEHOLDER_KEY = 'YOUR_WEBHOOK_SECRET_FROM_ADMIN_CONSOLE';

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAS_GO = hasCommand('go', ['version']);
if (!HAS_GO) {
  console.warn(
    'seed-receivers: no `go` on PATH, so the seeds’ Go receivers are SKIPPED. Install golang-go ' +
      '(.ci/run does: apt-get install golang-go) to run them.',
  );
}

interface Language {
  name: string;
  available: boolean;
  ext: 'go' | 'cjs' | 'py';
  /** Where the source says which port to listen on; replaced by the test's port. */
  listen: RegExp;
  listenOn: (port: number) => string;
}

const LANGUAGES: Language[] = [
  {
    name: 'Go',
    available: HAS_GO,
    ext: 'go',
    listen: /":8000"/,
    listenOn: (port) => `":${port}"`,
  },
  {
    name: 'JavaScript',
    available: true,
    ext: 'cjs',
    listen: /server\.listen\(8000,/,
    listenOn: (port) => `server.listen(${port},`,
  },
  {
    name: 'Python',
    available: true,
    ext: 'py',
    listen: /\(\("", 8000\)/,
    listenOn: (port) => `(("", ${port})`,
  },
];

interface Seed {
  seed: '000' | '001';
  file: string;
  route: string;
  product: 'lab_reports' | 'nutrition';
}

const SEEDS: Seed[] = [
  { seed: '000', file: 'seed-000-lab-reports', route: '/lab-reports-webhook', product: 'lab_reports' },
  { seed: '001', file: 'seed-001-nutrition', route: '/nutrition-webhook', product: 'nutrition' },
];

interface RunningReceiver {
  language: Language;
  seed: Seed;
  url: string;
  endpointId: string;
  child: ChildProcess;
  output: () => string;
}

let t: TestDocket;
let workDir: string;
const running: RunningReceiver[] = [];
/** Records uploaded per product, with the end user each was sent for. */
const uploads: Record<Seed['product'], { id: string; user: string | null }[]> = {
  lab_reports: [],
  nutrition: [],
};

/** The seed's source with the application's key and the given port put in. */
async function sourceFor(language: Language, seed: Seed, key: string, port: number): Promise<string> {
  const original = await fs.readFile(path.join(FIXTURES, `${seed.file}.${language.ext}`), 'utf8');
  if (original.split(PLACEHOLDER_KEY).length !== 2 || !language.listen.test(original)) {
    throw new Error(`${seed.file}.${language.ext}: expected one key placeholder and one listen port`);
  }
  const file = path.join(workDir, `${seed.file}-${language.ext}.${language.ext}`);
  await fs.writeFile(
    file,
    original.replace(PLACEHOLDER_KEY, key).replace(language.listen, language.listenOn(port)),
  );
  return file;
}

async function commandFor(language: Language, file: string): Promise<[string, string[]]> {
  if (language.ext === 'cjs') return [process.execPath, [file]];
  if (language.ext === 'py') return ['python3', [file]];
  const binary = file.replace(/\.go$/, '');
  execFileSync('go', ['build', '-o', binary, file], {
    cwd: workDir,
    stdio: 'pipe',
    // `go build` needs a cache directory; CI may run without a HOME.
    env: { ...process.env, GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'docket-go-cache') },
  });
  return [binary, []];
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startReceiverProcess(language: Language, seed: Seed, key: string): Promise<RunningReceiver> {
  const port = await freePort();
  const [command, args] = await commandFor(language, await sourceFor(language, seed, key, port));
  const child = spawn(command, args, {
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const receiver = {
    language,
    seed,
    url: `http://127.0.0.1:${port}${seed.route}`,
    endpointId: '',
    child,
    output: () => output,
  };
  running.push(receiver);
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${language.name} receiver exited: ${output}`);
    return listening(port);
  });
  return receiver;
}

async function upload(route: string, body: Record<string, unknown>): Promise<string> {
  const response = await api(t.url, t.apiKey, 'POST', route, body);
  expect(response.status).toBe(202);
  return route === '/lab_reports' ? response.body.lab_report.record_id : response.body.record_id;
}

async function deliveriesTo(endpointId: string): Promise<any[]> {
  return (await api(t.url, t.apiKey, 'GET', `/v1/deliveries?endpoint_id=${endpointId}&limit=100`)).body.data;
}

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-receivers-'));
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  for (const language of LANGUAGES.filter((l) => l.available)) {
    for (const seed of SEEDS) {
      const receiver = await startReceiverProcess(language, seed, t.signingKey);
      // No retries: a receiver that refuses a payload shows as a failed delivery at once.
      const endpoint = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
        url: receiver.url,
        product: seed.product,
        retry_policy: { delays_ms: [] },
      });
      expect(endpoint.status).toBe(201);
      receiver.endpointId = endpoint.body.id;
    }
  }

  // Seed 000: a completed report for an end user, and a failed one (no results) without one.
  const report = (await makeLabReportPdf(US_TABLE_REPORT)).toString('base64');
  const noResults = (await textPdf(['A letter with no laboratory results in it.'])).toString('base64');
  uploads.lab_reports.push({
    id: await upload('/lab_reports', {
      mime_type: 'application/pdf',
      body: report,
      filename: 'lab_report_2024_01_15.pdf',
      application_user_id: 'end_user_id1',
    }),
    user: 'end_user_id1',
  });
  uploads.lab_reports.push({
    id: await upload('/lab_reports', { mime_type: 'application/pdf', body: noResults }),
    user: null,
  });
  // Seed 001: the seed's example request, and one without an end user. A 1×1 photo with no hints
  // and no vision endpoint is recognised as nothing, so they fail and the failed payload is delivered.
  const photo = tinyPng.toString('base64');
  uploads.nutrition.push({
    id: await upload('/nutrition_records', {
      body: photo,
      include_ingredients: true,
      include_nutri_score: true,
      consumed_at: '2025-09-15T10:30:04Z',
      application_user_id: 'end_user_id1',
    }),
    user: 'end_user_id1',
  });
  uploads.nutrition.push({ id: await upload('/nutrition_records', { body: photo }), user: null });

  await eventually(async () => {
    for (const receiver of running) {
      const deliveries = await deliveriesTo(receiver.endpointId);
      const expected = uploads[receiver.seed.product].length;
      if (deliveries.length < expected || deliveries.some((d) => d.status === 'pending')) return false;
    }
    return true;
  }, 60_000);
}, 180_000);

afterAll(async () => {
  for (const receiver of running) receiver.child.kill('SIGTERM');
  await t?.stop({ remove: true });
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

describe.each(LANGUAGES)("the seeds' $name receivers", (language) => {
  const skipped = language.available ? '' : ' (SKIPPED: no `go` on PATH; .ci/run installs golang-go)';

  it.skipIf(!language.available).each(SEEDS)(
    `seed $seed: accept every real delivery on the first attempt${skipped}`,
    async (seed) => {
      const receiver = running.find((r) => r.language === language && r.seed === seed)!;
      const deliveries = await deliveriesTo(receiver.endpointId);
      expect(deliveries.map((d) => [d.status, d.attempts, d.last_status_code])).toEqual(
        uploads[seed.product].map(() => ['succeeded', 1, 200]),
      );
      // Each receiver printed what it read: the end user (seed 001: from `uid`) of every record.
      for (const { user } of uploads[seed.product]) {
        const shown = user ?? (language.ext === 'py' ? 'None' : language.ext === 'cjs' ? 'null' : '');
        expect(receiver.output()).toMatch(new RegExp(`for user ${shown}\\n`));
      }
    },
  );

  it.skipIf(!language.available)(`refuses a wrong signature (the check is live)${skipped}`, async () => {
    for (const receiver of running.filter((r) => r.language === language)) {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-body-signature': '00'.repeat(32) },
        body: '{}',
      });
      expect(response.status).toBe(401);
    }
  });
});

describe('seed 001 payload', () => {
  it('carries application_id as an integer and the end user as uid', async () => {
    const events = (await api(t.url, t.apiKey, 'GET', '/v1/events?type=record.failed&limit=500')).body.data;
    const bodies = uploads.nutrition.map(({ id }) => events.find((e: any) => e.record_id === id)?.data);
    expect(bodies.map((b: any) => [b.application_id, b.uid, b.application_user_id])).toEqual([
      [t.applicationNumber, 'end_user_id1', 'end_user_id1'],
      [t.applicationNumber, null, null],
    ]);
    expect(Number.isSafeInteger(t.applicationNumber)).toBe(true);
  });

  it.skipIf(!HAS_GO)(
    `is what the Go receiver needs: a UUID application_id or a non-RFC 3339 time is refused${HAS_GO ? '' : ' (SKIPPED: no `go` on PATH)'}`,
    async () => {
      const receiver = running.find((r) => r.language.ext === 'go' && r.seed.seed === '001')!;
      const send = async (fields: Record<string, unknown>) => {
        const body = JSON.stringify({
          application_id: t.applicationNumber,
          uid: 'end_user_id1',
          record_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
          status: 'failed',
          uploaded_at: '2025-09-15T10:30:04.521Z',
          modified_at: '2025-09-15T10:30:12.132Z',
          ...fields,
        });
        const signature = createHmac('sha256', Buffer.from(t.signingKey)).update(body).digest('hex');
        const response = await fetch(receiver.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-body-signature': signature },
          body,
        });
        return response.status;
      };
      expect(await send({})).toBe(200);
      expect(await send({ application_id: t.applicationId })).toBe(400);
      expect(await send({ uploaded_at: '2025-09-15 10:30:04' })).toBe(400);
    },
  );
});
