/**
 * Runs the lab-report analyser over the corpus (../shared/corpus/lab-reports) and writes one
 * prediction per document into a temporary directory, then prints the scorer's table.
 *
 *   node bench/lab-reports/score-corpus.ts [--corpus DIR] [--only text|scan|photo] [--details]
 *     [--ocr-params JSON] [--normalise JSON] [--engine wasm|native|auto]
 *
 * `--ocr-params '{"tessedit_pageseg_mode":"4"}'` and `--normalise '{"flatten":false}'` pass
 * tesseract parameters and image-preparation options through, to measure alternatives.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyser, corpus, engine, options } from './options.ts';

const only = options.only;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-lab-pred-'));

const files = fs
  .readdirSync(corpus)
  .filter((f) => /\.(pdf|jpg|jpeg|png)$/.test(f))
  .sort();
for (const file of files) {
  const variant = file.includes('.scan.') ? 'scan' : file.includes('.photo.') ? 'photo' : 'text';
  if (only && only !== variant) continue;
  const bytes = fs.readFileSync(path.join(corpus, file));
  const mimeType = file.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg';
  const started = performance.now();
  const outcome = await analyser.analyse({
    kind: 'lab_report',
    bytes,
    mimeType,
    filename: file,
    options: {},
  });
  const ms = performance.now() - started;
  const base = file.replace(/\.(pdf|jpg|jpeg|png)$/, '');
  const body = outcome.ok
    ? { status: 'completed', ...(outcome.result as object) }
    : { status: 'failed', parsing_error: outcome.error.message };
  fs.writeFileSync(path.join(outDir, `${base}.json`), JSON.stringify(body, null, 2));
  process.stderr.write(`${file}: ${outcome.ok ? 'ok' : outcome.error.code} ${ms.toFixed(0)} ms\n`);
}
await analyser.close();
await engine.terminate();
const scoreArgs = [path.join(corpus, 'score.mjs'), '--truth', corpus, '--pred', outDir];
if (options.details) scoreArgs.push('--details');
process.stdout.write(execFileSync(process.execPath, scoreArgs, { encoding: 'utf8' }));
process.stdout.write(`predictions: ${outDir}\n`);
