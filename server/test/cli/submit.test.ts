import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestDocket, type TestDocket } from '../support/docket.ts';
import { corruptPdf, textPdf } from '../support/pdfs.ts';
import { runCli } from './run-cli.ts';

let t: TestDocket;
let folder: string;

beforeAll(async () => {
  t = await startTestDocket();
  folder = await makeDataDir();
  await fs.mkdir(path.join(folder, 'reports/nested'), { recursive: true });
  for (let i = 1; i <= 20; i++) {
    const where = i <= 15 ? 'reports' : 'reports/nested';
    await fs.writeFile(
      path.join(folder, where, `report-${String(i).padStart(2, '0')}.pdf`),
      await textPdf([`Report number ${i}`]),
    );
  }
  await fs.writeFile(path.join(folder, 'reports/.hidden.pdf'), 'not a pdf'); // skipped
});
afterAll(async () => {
  await t.stop({ remove: true });
  await fs.rm(folder, { recursive: true, force: true });
});

describe('docket submit', () => {
  it('submits a folder of 20 PDFs, waits, and prints 20 results as JSON', async () => {
    const run = await runCli([
      'submit',
      path.join(folder, 'reports'),
      '--wait',
      '--json',
      '--url',
      t.url,
      '--key',
      t.apiKey,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as Array<{
      file: string;
      id: string;
      status: string;
      record: any;
    }>;
    expect(results).toHaveLength(20);
    expect(new Set(results.map((r) => r.id)).size).toBe(20);
    for (const result of results) {
      expect(result.status).toBe('completed');
      const n = Number(/report-(\d+)\.pdf$/.exec(result.file)![1]);
      expect(result.record.result.pages[0].text).toContain(`Report number ${n}`);
    }
  });

  it('prints a table and exits 1 when a record failed', async () => {
    const good = path.join(folder, 'good.pdf');
    const bad = path.join(folder, 'bad.pdf');
    await fs.writeFile(good, await textPdf(['fine']));
    await fs.writeFile(bad, corruptPdf());
    const run = await runCli(['submit', good, bad, '--wait', '--url', t.url, '--key', t.apiKey]);
    expect(run.code).toBe(1);
    const [heading, ...rows] = run.stdout.trimEnd().split('\n');
    expect(heading).toMatch(/^FILE\s+ID\s+STATUS\s+PAGES\s+ERROR$/);
    expect(rows[0]).toMatch(/good\.pdf\s+\S+\s+completed\s+1/);
    expect(rows[1]).toMatch(/bad\.pdf\s+\S+\s+failed\s+.*pdf_/);
  });

  it('without --wait, reports each file as accepted', async () => {
    const run = await runCli([
      'submit',
      path.join(folder, 'good.pdf'),
      '--json',
      '--url',
      t.url,
      '--key',
      t.apiKey,
    ]);
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout);
    expect(['queued', 'processing', 'completed']).toContain(result.status);
  });
});
