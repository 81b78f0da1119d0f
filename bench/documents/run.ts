/**
 * Document analyser accuracy: generated documents of the seven types in five languages, as text
 * PDFs and (fewer) as scans through OCR, scored against their truth: a confusion matrix, accuracy
 * per type and per language, patient name / family name / date of birth / external id / document
 * date / sex accuracy, and time per document (indicative only on a shared machine).
 *
 *   npm run documents -w bench -- [--per-type N] [--scanned N] [--split heldout|tune] [--details]
 *     [--corpus]
 *
 * By default it reports on the held-out seeds (HELD_OUT_SEEDS), never used while tuning.
 * `--corpus` also classifies the shared development corpus (lab reports should come out as
 * lab_report, invoices as other) when ../shared/corpus is present.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentAnalyser } from '../../server/src/analysers/document/index.ts';
import type { DocumentAnalysis } from '../../server/src/analysers/document/schema.ts';
import {
  DOC_TYPES,
  HELD_OUT_SEEDS,
  LANGS,
  makeDocumentPdf,
  TUNING_SEEDS,
} from '../../server/test/fixtures/documents/generate.ts';
import { rasterise } from '../../server/test/fixtures/lab-reports/rasterise.ts';
import { FIELDS, Tally } from './score.ts';

const { values } = parseArgs({
  options: {
    'per-type': { type: 'string' },
    scanned: { type: 'string' },
    split: { type: 'string' },
    details: { type: 'boolean' },
    corpus: { type: 'boolean' },
  },
});
const perType = Number(values['per-type'] ?? 30);
const scannedPerType = Number(values.scanned ?? 3);
const split = values.split === 'tune' ? TUNING_SEEDS : HELD_OUT_SEEDS;
const details = values.details === true;

const analyser = createDocumentAnalyser();

async function analyse(
  bytes: Uint8Array,
  mimeType: string,
): Promise<{ result: DocumentAnalysis | null; ms: number }> {
  const t0 = performance.now();
  const outcome = await analyser.analyse({ kind: 'document', bytes, mimeType, filename: null, options: {} });
  const ms = performance.now() - t0;
  return { result: outcome.ok ? (outcome.result as DocumentAnalysis) : null, ms };
}

const text = new Tally();
const scanned = new Tally();
// Warm-up: pdfjs and its fonts load on first use.
await analyse((await makeDocumentPdf('other', split.start)).pdf, 'application/pdf');

for (const type of DOC_TYPES) {
  for (let i = 0; i < perType; i++) {
    const seed = split.start + i;
    const { pdf, truth } = await makeDocumentPdf(type, seed);
    const { result, ms } = await analyse(pdf, 'application/pdf');
    const { misses } = text.add(truth, result, ms, `text ${type}#${seed} ${truth.language} ${truth.variant}`);
    if (details && (misses.length > 0 || result?.document_type !== type)) {
      console.log(
        `text ${type}#${seed} ${truth.language} ${truth.variant} -> ${result?.document_type} ${result?.confidence}; missed ${misses.join(', ')}`,
      );
      for (const f of misses)
        console.log(
          `   ${f}: got ${JSON.stringify(f === 'document_date' ? result?.document_date : f === 'name' ? result?.patient.name : (result?.patient as Record<string, unknown> | undefined)?.[f])} want ${JSON.stringify(f === 'name' ? `${truth.given_name} ${truth.family_name}` : (truth as unknown as Record<string, unknown>)[f])}`,
        );
    }
  }
  for (let i = 0; i < scannedPerType; i++) {
    // Scans use seeds after the text ones, so they are other documents, not the same ones again.
    const seed = split.start + perType + i;
    // Languages rotate with the type too, so a few scans per type still cover all five.
    const lang = LANGS[(i + DOC_TYPES.indexOf(type)) % LANGS.length]!;
    const { pdf, truth } = await makeDocumentPdf(type, seed, lang);
    const photo = i % 2 === 1;
    const image = await rasterise(
      pdf,
      photo ? { dpi: 200, rotateDegrees: 0.7, format: 'jpeg' } : { dpi: 240 },
    );
    const { result, ms } = await analyse(image, photo ? 'image/jpeg' : 'image/png');
    const { misses } = scanned.add(
      truth,
      result,
      ms,
      `scan ${type}#${seed} ${truth.language} ${truth.variant}`,
    );
    if (details && (misses.length > 0 || result?.document_type !== type)) {
      console.log(
        `scan ${type}#${seed} ${truth.language} ${truth.variant} -> ${result?.document_type}; missed ${misses.join(', ')}`,
      );
    }
  }
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

function report(name: string, tally: Tally): void {
  if (tally.total === 0) return;
  const short = (t: string) =>
    t.replace('_letter', '').replace('_report', '').replace('_summary', '').replace('_note', '');
  const cols = [...DOC_TYPES, 'failed'];
  const rows = [['truth \\ predicted', ...cols.map(short), 'accuracy']];
  let right = 0;
  for (const type of DOC_TYPES) {
    const row = tally.confusion.get(type) ?? new Map<string, number>();
    const n = [...row.values()].reduce((a, b) => a + b, 0);
    right += row.get(type) ?? 0;
    rows.push([type, ...cols.map((c) => String(row.get(c) ?? 0)), pct(row.get(type) ?? 0, n)]);
  }
  const ms = [...tally.ms].sort((a, b) => a - b);
  console.log(`\n${name}: ${tally.total} documents, classification accuracy ${pct(right, tally.total)}`);
  console.log(table(rows));
  console.log(
    `by language: ${[...tally.byLanguage.entries()].map(([l, v]) => `${l} ${pct(v.right, v.total)}`).join(', ')}`,
  );
  console.log(
    table([
      FIELDS.map((f) => (f === 'sex' ? 'sex (where shown)' : f)),
      FIELDS.map((f) => pct(tally.fields[f], f === 'sex' ? tally.sexShown : tally.total)),
    ]),
  );
  console.log(
    `time per document: median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, p95 ${ms[Math.floor(ms.length * 0.95)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms`,
  );
}

console.log(
  `document analyser on generated documents, seeds ${split === HELD_OUT_SEEDS ? 'held out' : 'for tuning'} from ${split.start} (${os.cpus().length} cores, Node ${process.version}; times are indicative)`,
);
report('text PDFs', text);
report('scans and photos (OCR)', scanned);

if (values.corpus) {
  const root = path.join(import.meta.dirname, '../../../shared/corpus');
  const sets = [
    { dir: 'lab-reports', expect: 'lab_report' },
    { dir: 'invoices', expect: 'other' },
  ];
  for (const { dir, expect } of sets) {
    const folder = path.join(root, dir);
    if (!fs.existsSync(folder)) continue;
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.pdf') && !f.includes('.scan.'));
    const got = new Map<string, number>();
    for (const f of files) {
      const { result } = await analyse(fs.readFileSync(path.join(folder, f)), 'application/pdf');
      const t = result?.document_type ?? 'failed';
      got.set(t, (got.get(t) ?? 0) + 1);
      if (details && t !== expect)
        console.log(`corpus ${dir}/${f} -> ${t} ${JSON.stringify(result?.scores)}`);
    }
    const right = got.get(expect) ?? 0;
    console.log(
      `\ncorpus ${dir}: ${right}/${files.length} classified ${expect} (${[...got.entries()].map(([k, v]) => `${k} ${v}`).join(', ')})`,
    );
  }
}
await analyser.close();
