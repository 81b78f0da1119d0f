/**
 * Template extraction through the API, as a seed-002 client sees it: a real Docket (embedded
 * default) gets every invoice2data template of the corpus through `POST /v1/templates/import`,
 * each with a webhook to a local receiver; every invoice PDF goes through `POST /process-job`
 * without a template_id (keyword selection, as invoice2data does), and the webhook's `result` is
 * scored against the expected output. Baseline in the same run: the same PDFs through the engine
 * in-process (read + select + extract, no HTTP, queue or webhook), so the table shows what the
 * platform adds in time and that it loses nothing in accuracy.
 *
 *   npm run templates-http -w bench [-- --corpus DIR] [--rounds N] [--details]
 *
 * Time per document is from the POST to the webhook received (one job at a time), median over the
 * rounds; the engine's is read + select + extract.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDocument } from '../../server/src/analysers/layout/read-document.ts';
import { createTesseractEngine } from '../../server/src/analysers/ocr/tesseract.ts';
import {
  extractWithTemplate,
  importInvoice2data,
  type StoredTemplate,
  selectTemplate,
} from '../../server/src/analysers/template/index.ts';
import { documentText } from '../../server/src/analysers/template/text.ts';
import { api, startTestDocket } from '../../server/test/support/docket.ts';
import { startReceiver } from '../../server/test/support/receiver.ts';
import { flatten, type Score, score } from './score.ts';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string' },
    rounds: { type: 'string' },
    details: { type: 'boolean' },
  },
});
const corpus = path.resolve(
  options.corpus ?? path.join(import.meta.dirname, '../../../shared/corpus/invoices'),
);
const rounds = Number(options.rounds ?? 3);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percent = (s: { fields: number; exact: number }) =>
  s.fields === 0 ? '—' : `${((100 * s.exact) / s.fields).toFixed(1)} %`;

const templateFiles = fs
  .readdirSync(path.join(corpus, 'templates'))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const invoices = fs
  .readdirSync(corpus)
  .filter((f) => f.endsWith('.pdf') && fs.existsSync(path.join(corpus, f.replace(/\.pdf$/, '.json'))))
  .sort();

const docket = await startTestDocket({
  env: {
    DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32',
    DOCKET_ANALYSER_THREADS: '2',
    DOCKET_RATE_LIMIT_PER_MINUTE: '0',
  },
});
const receiver = await startReceiver();
/** Resolves the webhook of a job when it arrives. */
const waiting = new Map<string, (payload: Record<string, unknown>) => void>();
const arrived = new Map<string, Record<string, unknown>>();
let seen = 0;
const timer = setInterval(() => {
  for (; seen < receiver.requests.length; seen++) {
    const payload = JSON.parse(receiver.requests[seen]!.body) as Record<string, unknown>;
    const id = String(payload.job_id);
    const resolve = waiting.get(id);
    if (resolve) resolve(payload);
    else arrived.set(id, payload);
  }
}, 1);

function webhookOf(jobId: string): Promise<Record<string, unknown>> {
  const early = arrived.get(jobId);
  if (early) return Promise.resolve(early);
  return new Promise((resolve) => waiting.set(jobId, resolve));
}

try {
  const stored: StoredTemplate[] = [];
  for (const file of templateFiles) {
    const yaml = fs.readFileSync(path.join(corpus, 'templates', file), 'utf8');
    const imported = await api(docket.url, docket.apiKey, 'POST', '/v1/templates/import', {
      source: yaml,
      webhook_url: receiver.url,
    });
    if (imported.status !== 201) throw new Error(`importing ${file}: ${JSON.stringify(imported.body)}`);
    stored.push({ id: imported.body.id, definition: importInvoice2data(yaml) });
  }

  const ocrEngine = createTesseractEngine();
  const rows: { name: string; api: Score; engine: Score; apiMs: number; engineMs: number }[] = [];
  for (const name of invoices) {
    const pdf = fs.readFileSync(path.join(corpus, name));
    const expected = (
      JSON.parse(fs.readFileSync(path.join(corpus, name.replace(/\.pdf$/, '.json')), 'utf8')) as Record<
        string,
        unknown
      >[]
    )[0]!;
    const apiTimes: number[] = [];
    const engineTimes: number[] = [];
    let apiScore: Score | null = null;
    let engineScore: Score | null = null;
    for (let round = 0; round < rounds; round++) {
      // The API: POST, then wait for the webhook.
      const started = performance.now();
      const accepted = await api(docket.url, docket.apiKey, 'POST', '/process-job', {
        actual_image: pdf.toString('base64'),
      });
      if (accepted.status !== 202) throw new Error(`${name}: ${JSON.stringify(accepted.body)}`);
      const payload = await webhookOf(accepted.body.job_id);
      apiTimes.push(performance.now() - started);
      apiScore = score(expected, (payload.result as Record<string, unknown> | null) ?? {});

      // The engine in-process, on the same bytes.
      const began = performance.now();
      const layout = await readDocument(pdf, 'application/pdf', () => ocrEngine);
      const chosen = selectTemplate(stored, documentText(layout).text);
      const extraction = chosen ? extractWithTemplate(chosen.definition, layout) : null;
      engineTimes.push(performance.now() - began);
      engineScore = score(expected, extraction ? flatten(extraction) : {});
    }
    rows.push({
      name,
      api: apiScore!,
      engine: engineScore!,
      apiMs: median(apiTimes),
      engineMs: median(engineTimes),
    });
  }
  await ocrEngine.terminate();

  console.log(
    `\nTemplate extraction through POST /process-job (${invoices.length} text PDFs, ${templateFiles.length} imported templates, keyword selection, median of ${rounds})\n`,
  );
  console.log(
    '| invoice | fields exact (API) | engine in-process | ms/doc POST → webhook | ms/doc engine | ratio |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.api.exact}/${row.api.fields} | ${row.engine.exact}/${row.engine.fields} | ${row.apiMs.toFixed(1)} | ${row.engineMs.toFixed(1)} | ${(row.apiMs / row.engineMs).toFixed(2)}× |`,
    );
  }
  const total = (pick: (r: (typeof rows)[number]) => Score) =>
    rows.reduce((sum, r) => ({ fields: sum.fields + pick(r).fields, exact: sum.exact + pick(r).exact }), {
      fields: 0,
      exact: 0,
    });
  const apiMs = rows.reduce((sum, r) => sum + r.apiMs, 0) / rows.length;
  const engineMs = rows.reduce((sum, r) => sum + r.engineMs, 0) / rows.length;
  console.log(
    `| **all** | **${percent(total((r) => r.api))}** | ${percent(total((r) => r.engine))} | ${apiMs.toFixed(1)} (mean) | ${engineMs.toFixed(1)} (mean) | ${(apiMs / engineMs).toFixed(2)}× |`,
  );
  console.log("\ninvoice2data's own benchmark: 85.9 % of its fields with pdftotext -layout; target ≥ 95 %.");
  if (options.details) {
    for (const row of rows) {
      for (const wrong of row.api.wrong) {
        console.log(
          `${row.name} ${wrong.field}: expected ${JSON.stringify(wrong.expected)}, got ${JSON.stringify(wrong.got)}`,
        );
      }
    }
  }
} finally {
  clearInterval(timer);
  await receiver.close();
  await docket.stop({ remove: true });
}
