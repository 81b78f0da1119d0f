/**
 * Lab-report throughput: pages/s and ms/page for text PDFs and OCR pages, with `pdftotext -layout`
 * timed on the same text PDFs as a baseline when poppler-utils is installed.
 *
 *   node bench/lab-reports/run.ts [--corpus DIR] [--ocr-pages N] [--only-ocr]
 *     [--ocr-params JSON] [--normalise JSON] [--engine wasm|native|auto]
 *
 * Besides wall time it reports the process CPU time per page (all threads: tesseract.js runs in a
 * worker thread; plus finished child processes, for the native binary), which is far steadier
 * than wall time on a machine shared with other work.
 * Reads ../shared/corpus/lab-reports when present, otherwise generated fixtures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KEY_VALUE_REPORT,
  makeLabReportPdf,
  SI_TABLE_REPORT,
  US_TABLE_REPORT,
} from '../../server/test/fixtures/lab-reports/generate.ts';
import { rasterise } from '../../server/test/fixtures/lab-reports/rasterise.ts';
import { analyser, corpus, engine, options } from './options.ts';

interface Sample {
  name: string;
  bytes: Buffer;
  mimeType: string;
  pages: number;
}

const ocrLimit = Number(options['ocr-pages'] ?? 6);

async function samples(): Promise<{ text: Sample[]; ocr: Sample[]; source: string }> {
  if (fs.existsSync(path.join(corpus, 'manifest.json'))) {
    const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as {
      documents: { id: string; pages: number; files: string[] }[];
    };
    const text: Sample[] = [];
    const ocr: Sample[] = [];
    for (const d of manifest.documents) {
      text.push({
        name: `${d.id}.pdf`,
        bytes: fs.readFileSync(path.join(corpus, `${d.id}.pdf`)),
        mimeType: 'application/pdf',
        pages: d.pages,
      });
      if (d.files.includes(`${d.id}.photo.jpg`)) {
        ocr.push({
          name: `${d.id}.photo.jpg`,
          bytes: fs.readFileSync(path.join(corpus, `${d.id}.photo.jpg`)),
          mimeType: 'image/jpeg',
          pages: 1,
        });
      }
      if (d.files.includes(`${d.id}.scan.pdf`) && d.pages === 1) {
        ocr.push({
          name: `${d.id}.scan.pdf`,
          bytes: fs.readFileSync(path.join(corpus, `${d.id}.scan.pdf`)),
          mimeType: 'application/pdf',
          pages: 1,
        });
      }
    }
    return { text, ocr: ocr.slice(0, ocrLimit), source: corpus };
  }
  const reports = [US_TABLE_REPORT, SI_TABLE_REPORT, KEY_VALUE_REPORT];
  const text: Sample[] = [];
  const ocr: Sample[] = [];
  for (const [i, report] of reports.entries()) {
    const pdf = await makeLabReportPdf(report);
    text.push({ name: `generated-${i}.pdf`, bytes: pdf, mimeType: 'application/pdf', pages: 1 });
    ocr.push({
      name: `generated-${i}.png`,
      bytes: await rasterise(pdf, { dpi: 200 }),
      mimeType: 'image/png',
      pages: 1,
    });
  }
  return { text, ocr, source: 'generated fixtures' };
}

function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
}

/**
 * CPU time of finished child processes (the native `tesseract` binary), from /proc/self/stat
 * (cutime + cstime, clock ticks of 10 ms); 0 where /proc is missing.
 */
function childCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

const { text, ocr, source } = await samples();
const rows: string[][] = [];

async function timeAnalyser(label: string, list: Sample[], rounds: number) {
  // Warm-up: module loading, pdfjs fonts, the tesseract worker and model.
  await analyser.analyse({
    kind: 'lab_report',
    bytes: list[0]!.bytes,
    mimeType: list[0]!.mimeType,
    filename: null,
    options: {},
  });
  let pages = 0;
  const perPage: number[] = [];
  const cpuPerPage: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const s of list) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const k0 = childCpuMs();
      await analyser.analyse({
        kind: 'lab_report',
        bytes: s.bytes,
        mimeType: s.mimeType,
        filename: s.name,
        options: {},
      });
      perPage.push((performance.now() - t0) / s.pages);
      const cpu = process.cpuUsage(c0);
      cpuPerPage.push(((cpu.user + cpu.system) / 1000 + childCpuMs() - k0) / s.pages);
      pages += s.pages;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  perPage.sort((a, b) => a - b);
  cpuPerPage.sort((a, b) => a - b);
  rows.push([
    label,
    String(pages),
    (pages / seconds).toFixed(1),
    perPage[Math.floor(perPage.length / 2)]!.toFixed(1),
    perPage.at(-1)!.toFixed(1),
    cpuPerPage[Math.floor(cpuPerPage.length / 2)]!.toFixed(1),
  ]);
}

const onlyOcr = options['only-ocr'] === true;
if (!onlyOcr) await timeAnalyser('docket text PDF', text, 5);
const onePage = text.filter((s) => s.pages === 1);
if (!onlyOcr && onePage.length > 0) await timeAnalyser('docket text PDF (1-page docs)', onePage, 5);

if (onlyOcr) {
  // text timings skipped
} else if (hasPdftotext()) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-'));
  const files = text.map((s, i) => {
    const f = path.join(tmp, `${i}.pdf`);
    fs.writeFileSync(f, s.bytes);
    return { f, pages: s.pages };
  });
  let pages = 0;
  const perPage: number[] = [];
  const started = performance.now();
  for (let r = 0; r < 5; r++) {
    for (const { f, pages: p } of files) {
      const t0 = performance.now();
      execFileSync('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
      perPage.push((performance.now() - t0) / p);
      pages += p;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  perPage.sort((a, b) => a - b);
  rows.push([
    'pdftotext -layout (baseline, text only)',
    String(pages),
    (pages / seconds).toFixed(1),
    perPage[Math.floor(perPage.length / 2)]!.toFixed(1),
    perPage.at(-1)!.toFixed(1),
    '-',
  ]);
  fs.rmSync(tmp, { recursive: true, force: true });
} else {
  rows.push(['pdftotext -layout (not installed)', '-', '-', '-', '-', '-']);
}

if (ocr.length > 0) await timeAnalyser('docket OCR page (scan/photo)', ocr, 1);
await analyser.close();
await engine.terminate();

const header = ['workload', 'pages', 'pages/s', 'p50 ms/page', 'max ms/page', 'p50 CPU ms/page'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const fmt = (r: string[]) =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`lab-report bench on ${source} (${os.cpus().length} cores, Node ${process.version})`);
console.log(fmt(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(fmt(r));
console.log('targets: one-page text PDF <= 100 ms, OCR page <= 2.5 s');
