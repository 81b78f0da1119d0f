/**
 * The template editor's live preview: how long `POST /v1/templates/preview` takes for an edit,
 * against the baseline measured in the same run, a saved template run as a job (`POST
 * /process-job` until its webhook arrives), which is what a preview cost before previews of
 * unsaved templates existed. A real Docket (embedded default) on generated invoices (1 and 5
 * pages); no corpus needed.
 *
 *   npm run templates-preview -w bench [-- --edits N]
 *
 * "first" is the first preview of a sample (it reads the PDF); "edit" is every later preview
 * (the sample's reading is cached), each with a different regex, as while typing.
 */
import { parseArgs } from 'node:util';
import { ACME_TEMPLATE, acmeInvoice, invoicePdf } from '../../server/test/fixtures/templates/invoices.ts';
import { api, startTestDocket } from '../../server/test/support/docket.ts';
import { startReceiver } from '../../server/test/support/receiver.ts';
import { loadAverage, median } from '../support/measure.ts';

console.log('bench: starting');
const { values: options } = parseArgs({ options: { edits: { type: 'string' } } });
const edits = Number(options.edits ?? 40);

const docket = await startTestDocket({
  env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' },
});
console.log('bench: docket up');
const receiver = await startReceiver();
console.log('bench: receiver up');
const call = (method: string, route: string, body?: unknown) =>
  api(docket.url, docket.apiKey, method, route, body);

const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? 0;
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

async function jobRoundTrip(templateId: string, pdf: Buffer, n: number): Promise<number> {
  const before = receiver.requests.length;
  const [, took] = await timed(async () => {
    const accepted = await call('POST', '/process-job', {
      template_id: templateId,
      actual_image: pdf.toString('base64'),
      filename: `bench-${n}.pdf`,
    });
    if (accepted.status !== 202)
      throw new Error(`process-job: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    const id = accepted.body.job_id as string;
    while (!receiver.requests.slice(before).some((r) => r.body.includes(id))) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  });
  return took;
}

const rows: string[][] = [];

function printTable(): void {
  console.log(
    `\nTemplate preview per edit vs a job round trip (load ${loadAverage()}, ${edits} edits per sample)\n`,
  );
  const header = ['pages', 'job (median of 5)', 'first preview', 'edit p50', 'edit p90', 'job / edit'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

try {
  const template = await call('POST', '/v1/templates', { ...ACME_TEMPLATE, webhook_url: receiver.url });
  for (const pages of [1, 5]) {
    const pdf = await invoicePdf(acmeInvoice(pages, pages - 1));
    const sample = await call('POST', '/v1/records', { kind: 'text', body: pdf.toString('base64') });
    const jobs: number[] = [];
    for (let n = 0; n < 5; n++) jobs.push(await jobRoundTrip(template.body.id, pdf, n));
    const [first, firstMs] = await timed(() =>
      call('POST', '/v1/templates/preview', { definition: ACME_TEMPLATE, sample_record_id: sample.body.id }),
    );
    if (first.status !== 200) throw new Error(`preview: ${first.status} ${JSON.stringify(first.body)}`);
    const times: number[] = [];
    for (let n = 0; n < edits; n++) {
      // Each edit a different rule, as a user typing a regex.
      const definition = {
        ...ACME_TEMPLATE,
        fields: { ...ACME_TEMPLATE.fields, po: { rules: [{ regex: `PO${'x'.repeat(n % 7)}:\\s*(\\S+)` }] } },
      };
      const [answer, took] = await timed(() =>
        call('POST', '/v1/templates/preview', { definition, sample_record_id: sample.body.id }),
      );
      if (answer.status !== 200) throw new Error(`preview: ${answer.status}`);
      times.push(took);
    }
    const job = median(jobs);
    rows.push([
      `${pages}`,
      ms(job),
      ms(firstMs),
      ms(median(times)),
      ms(p90(times)),
      `${(job / median(times)).toFixed(1)}×`,
    ]);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await receiver.close();
  await docket.stop({ remove: true });
}
if (process.exitCode !== 1) printTable();
