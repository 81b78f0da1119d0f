/**
 * Accuracy on layouts the analyser was not written for: generates reports with Docket's own
 * generator (server/test/fixtures/lab-reports/unseen/) on a seed split, analyses the text PDF,
 * scanned PDF and photo of each, and prints F1 per variant and per field, with the corpus score
 * (../shared/corpus/lab-reports, when present) next to it, scored the same way.
 *
 *   node bench/lab-reports/score-unseen.ts [--split held-out|tuning] [--text N] [--scan N]
 *     [--photo N] [--no-corpus] [--corpus-text-only] [--details] [--by FEATURE] [--engine ...]
 *     [--no-second-reading]
 *
 * Defaults: 100 text PDFs, 24 scans and 24 photos from HELD_OUT_SEEDS (OCR costs ~2.5 s a page on
 * 2 cores, so the OCR sets are small). `--by language|twoColumn|header|font|...` also breaks the
 * text F1 down by a layout choice; `--details` lists every mismatch. Scans and photos also print
 * the analysis time per document and what the second reading of doubtful cells took of it;
 * `--no-second-reading` turns that reading off, for comparison.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  HELD_OUT_SEEDS,
  makeUnseenDocument,
  TUNING_SEEDS,
  type Variant,
} from '../../server/test/fixtures/lab-reports/unseen/index.ts';
import { analyser, corpus, engine, ocrTime, options } from './options.ts';
import {
  addDocument,
  DATE_FIELDS,
  emptyTally,
  FIELDS,
  headline,
  rowsOf,
  type ScoredResult,
  scores,
  type Tally,
} from './scoring.ts';

const values = options;

const seeds = values.split === 'tuning' ? TUNING_SEEDS : HELD_OUT_SEEDS;
const first = Number(values.first ?? seeds.start);

interface Prediction {
  collection_date: string | null;
  result_date: string | null;
  results: ScoredResult[];
}

async function predict(bytes: Uint8Array, mimeType: string, filename: string): Promise<Prediction | null> {
  const outcome = await analyser.analyse({ kind: 'lab_report', bytes, mimeType, filename, options: {} });
  if (!outcome.ok) return null;
  const report = outcome.result as {
    collection_date: string | null;
    result_date: string | null;
    sections: { results: ScoredResult[] }[];
  };
  return {
    collection_date: report.collection_date,
    result_date: report.result_date,
    results: rowsOf(report),
  };
}

const tallies = new Map<string, Tally>();
const byFeature = new Map<string, Tally>();
function tally(key: string, map = tallies): Tally {
  let t = map.get(key);
  if (!t) {
    t = emptyTally();
    map.set(key, t);
  }
  return t;
}

/** Per variant: seconds analysing (generation excluded), and the second reading's share. */
const timing: string[] = [];

async function runGenerated(variant: Variant, count: number): Promise<void> {
  const started = performance.now();
  const before = { ...ocrTime };
  let analysisMs = 0;
  for (let i = 0; i < count; i++) {
    const seed = first + i;
    const doc = await makeUnseenDocument(seed, variant);
    const analysing = performance.now();
    const pred = await predict(doc.bytes, doc.mimeType, `${seed}.${variant}`);
    analysisMs += performance.now() - analysing;
    const label = `${variant} ${seed}`;
    addDocument(tally(`generated ${variant}`), label, doc.truth, pred);
    if (values.by && variant === 'text') {
      const feature = String(doc.spec.layout[values.by as keyof typeof doc.spec.layout]);
      addDocument(tally(`${values.by}=${feature}`, byFeature), label, doc.truth, pred);
    }
  }
  process.stderr.write(
    `generated ${variant}: ${count} documents in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  if (count === 0 || variant === 'text') return;
  const cells = ocrTime.cells - before.cells;
  const cellMs = ocrTime.cellMs - before.cellMs;
  timing.push(
    `${variant}: analysis ${(analysisMs / count / 1000).toFixed(2)} s/doc, of which second reading ` +
      `${(cellMs / count / 1000).toFixed(2)} s/doc (${(cells / count).toFixed(1)} cells/doc, ` +
      `${cells ? (cellMs / cells).toFixed(0) : '0'} ms/cell)`,
  );
}

async function runCorpus(): Promise<void> {
  if (values['no-corpus'] || !fs.existsSync(corpus)) return;
  const files = fs
    .readdirSync(corpus)
    .filter((f) => /\.(pdf|jpg)$/.test(f))
    .sort();
  for (const file of files) {
    const variant = file.includes('.scan.') ? 'scan' : file.includes('.photo.') ? 'photo' : 'text';
    if (variant !== 'text' && values['corpus-text-only']) continue;
    const base = file.replace(/\.(pdf|jpg)$/, '');
    const truth = JSON.parse(fs.readFileSync(path.join(corpus, `${base}.json`), 'utf8')) as {
      collection_date: string | null;
      result_date: string | null;
      sections: { results: ScoredResult[] }[];
    };
    const pred = await predict(
      fs.readFileSync(path.join(corpus, file)),
      file.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg',
      file,
    );
    addDocument(tally(`corpus ${variant}`), `corpus ${base}`, { ...truth, results: rowsOf(truth) }, pred);
  }
}

await runGenerated('text', Number(values.text));
await runGenerated('scan', Number(values.scan));
await runGenerated('photo', Number(values.photo));
await runCorpus();
await analyser.close();
await engine.terminate();

const columns = [...FIELDS, ...DATE_FIELDS];
const short: Record<string, string> = {
  found: 'found',
  loinc_code: 'loinc',
  value: 'value',
  within_normal_range: 'within',
  original_unit_name: 'unit',
  standard_unit_name: 'ucum',
  collection_date: 'collected',
  result_date: 'reported',
};
function print(title: string, map: Map<string, Tally>): void {
  const header = ['set', 'docs', 'rows', ...columns.map((c) => short[c]!), 'min4'];
  const rows = [...map.entries()].map(([key, t]) => {
    const s = scores(t);
    return [
      key,
      String(t.docs),
      String(t.truthRows),
      ...columns.map((c) => s[c].toFixed(3)),
      headline(t).toFixed(3),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(title);
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}

print(
  `lab-report F1 on ${values.split} seeds from ${first} (generated, unseen layouts) and on the corpus (${os.cpus().length} cores, Node ${process.version})`,
  tallies,
);
console.log(
  'min4 = minimum of found / loinc / value / within; targets on held-out: text >= 0.97, scan >= 0.90, photo >= 0.85',
);
for (const line of timing) console.log(line);
if (values.by) print(`\ntext PDFs by ${values.by}`, byFeature);
if (values.details) for (const t of tallies.values()) for (const m of t.misses) console.log(m);
