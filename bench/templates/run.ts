/**
 * Template extraction accuracy on the invoice corpus (engine level): every invoice goes through the
 * shared document reader and the template chosen by keywords among ALL imported invoice2data
 * templates, and is scored against its expected output. Printed per invoice and overall, separately
 * for text PDFs, scans (the same pages rasterised at 200 dpi and read by OCR) and plain-text inputs,
 * and split by issuer into the set the engine was tuned on and the held-out set. Time per document
 * is wall time of read + select + extract.
 *
 *   npm run templates -w bench [-- --corpus DIR] [--no-scans] [--details] [--only NAME] [--text NAME]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type DocumentLayout, readDocument } from '../../server/src/analysers/layout/read-document.ts';
import { createTesseractEngine } from '../../server/src/analysers/ocr/tesseract.ts';
import {
  extractWithTemplate,
  importInvoice2data,
  type StoredTemplate,
  selectTemplate,
} from '../../server/src/analysers/template/index.ts';
import { documentText } from '../../server/src/analysers/template/text.ts';
import { scanPages } from './scan.ts';
import { flatten, type Score, score } from './score.ts';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string' },
    'no-scans': { type: 'boolean' },
    details: { type: 'boolean' },
    only: { type: 'string' },
    text: { type: 'string' },
  },
});
const corpus = path.resolve(
  options.corpus ?? path.join(import.meta.dirname, '../../../shared/corpus/invoices'),
);

/**
 * Issuers whose documents were looked at while building the engine. Everything else is held out:
 * its text was never printed during development, only its score.
 */
const TUNED = new Set([
  'AzureInterior',
  'coolblue1',
  'basic',
  'lines-basic',
  'lines-blocks',
  'lines-multiple-patterns',
  'table-groups',
]);

interface Row {
  name: string;
  kind: 'text PDF' | 'scan' | 'plain text';
  split: 'tuned' | 'held-out';
  template: string;
  score: Score;
  ms: number;
}

const templates: StoredTemplate[] = [];
for (const dir of ['templates', 'custom']) {
  for (const file of fs
    .readdirSync(path.join(corpus, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    templates.push({
      id: `${dir}/${file}`,
      definition: importInvoice2data(fs.readFileSync(path.join(corpus, dir, file), 'utf8')),
    });
  }
}

const ocrEngine = createTesseractEngine();
const ocr = () => ocrEngine;

function evaluate(name: string, kind: Row['kind'], layout: DocumentLayout | string, started: number): Row {
  const text = documentText(layout).text;
  if (options.text === name) console.log(`----- ${name} (${kind})\n${text}\n-----`);
  const chosen = selectTemplate(templates, text);
  const expected = (JSON.parse(fs.readFileSync(expectedPath(name), 'utf8')) as Record<string, unknown>[])[0]!;
  const got = chosen ? flatten(extractWithTemplate(chosen.definition, layout)) : {};
  const ms = performance.now() - started;
  return {
    name,
    kind,
    split: TUNED.has(name) ? 'tuned' : 'held-out',
    template: chosen?.id ?? '(none matched)',
    score: score(expected, got),
    ms,
  };
}

function expectedPath(name: string): string {
  const top = path.join(corpus, `${name}.json`);
  return fs.existsSync(top) ? top : path.join(corpus, 'custom', `${name}.json`);
}

const rows: Row[] = [];
const pdfs = fs
  .readdirSync(corpus)
  .filter((f) => f.endsWith('.pdf'))
  .sort();
for (const file of pdfs) {
  const name = file.replace(/\.pdf$/, '');
  if (options.only && options.only !== name) continue;
  const bytes = new Uint8Array(fs.readFileSync(path.join(corpus, file)));
  let started = performance.now();
  rows.push(evaluate(name, 'text PDF', await readDocument(bytes, 'application/pdf', ocr), started));
  if (!options['no-scans']) {
    // Every page rasterised like a 200 dpi scan and read back through OCR.
    const scans = await scanPages(bytes);
    started = performance.now();
    const pages = [];
    for (const png of scans) pages.push(...(await readDocument(png, 'image/png', ocr)).pages);
    pages.forEach((p, i) => {
      p.page = i;
      for (const l of p.lines) l.page = i;
    });
    rows.push(evaluate(name, 'scan', { pages, source: 'ocr' }, started));
  }
}
for (const file of fs
  .readdirSync(path.join(corpus, 'custom'))
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  const name = file.replace(/\.txt$/, '');
  if (options.only && options.only !== name) continue;
  const started = performance.now();
  rows.push(
    evaluate(name, 'plain text', fs.readFileSync(path.join(corpus, 'custom', file), 'utf8'), started),
  );
}
await ocrEngine.terminate();

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(`\nTemplate extraction on ${corpus} (${templates.length} templates, chosen by keywords)\n`);
console.log(
  `${'document'.padEnd(26)}${'input'.padEnd(12)}${'split'.padEnd(10)}${'template'.padEnd(36)}fields   exact   cells   ms/doc`,
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(26)}${r.kind.padEnd(12)}${r.split.padEnd(10)}${r.template.padEnd(36)}${String(`${r.score.exact}/${r.score.fields}`).padEnd(9)}${pct(r.score.exact, r.score.fields)}  ${pct(r.score.exactCells, r.score.cells)}  ${r.ms.toFixed(0).padStart(6)}`,
  );
  if (options.details && r.split === 'tuned') {
    for (const w of r.score.wrong)
      console.log(`    ${w.field}: expected ${JSON.stringify(w.expected)} got ${JSON.stringify(w.got)}`);
  }
}
console.log('');
for (const kind of ['text PDF', 'scan', 'plain text'] as const) {
  for (const split of ['tuned', 'held-out', 'all'] as const) {
    const sel = rows.filter((r) => r.kind === kind && (split === 'all' || r.split === split));
    if (sel.length === 0) continue;
    const fields = sel.reduce((n, r) => n + r.score.fields, 0);
    const exact = sel.reduce((n, r) => n + r.score.exact, 0);
    const ms = sel.reduce((n, r) => n + r.ms, 0) / sel.length;
    console.log(
      `${kind.padEnd(11)} ${split.padEnd(9)} ${String(sel.length).padStart(2)} docs  ${`${exact}/${fields}`.padStart(8)} fields exact ${pct(exact, fields)}   ${ms.toFixed(0)} ms/doc`,
    );
  }
}
