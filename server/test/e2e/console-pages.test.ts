/**
 * The console's seed pages end to end (Debian's Chromium via playwright-core, a real Docket on a
 * random port): a professional validates a generated medical document, correcting its patient,
 * and synchronises it (the 30 s limit shows as a countdown); a template is written in the editor
 * with a live preview on a generated invoice that follows each edit (fields, zones, line items),
 * then run as a job whose credit the usage page charts. Screenshots go to console/e2e-artifacts/ (gitignored).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocumentPdf } from '../fixtures/documents/generate.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { type Browser, chromiumAvailable, launchBrowser } from './browser.ts';

const CONSOLE_BUILD = fileURLToPath(new URL('../../static/console/index.html', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../console/e2e-artifacts/', import.meta.url));
const skipped = chromiumAvailable ? '' : ' (SKIPPED: no /usr/bin/chromium; .ci/run installs Debian chromium)';

let t: TestDocket;
let browser: Browser;
let page: Page;
let receiver: Receiver;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const see = (text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 30_000 });

/** Drops generated files on the upload page's drop zone, as a user dragging them would. */
async function dropFile(name: string, bytes: Buffer, type: string, label = 'Drop files here') {
  const transfer = await page.evaluateHandle(
    ([base64, fileName, mime]) => {
      const data = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
      const dt = new (globalThis as any).DataTransfer();
      dt.items.add(new File([data], fileName!, { type: mime! }));
      return dt;
    },
    [bytes.toString('base64'), name, type],
  );
  await page.getByLabel(label).dispatchEvent('drop', { dataTransfer: transfer });
}

describe.skipIf(!chromiumAvailable)(`the console's documents and templates pages${skipped}`, () => {
  beforeAll(async () => {
    if (!fs.existsSync(CONSOLE_BUILD)) {
      throw new Error('the console is not built: `npm install` builds it, or run `npm run build -w console`');
    }
    await fsp.mkdir(ARTIFACTS, { recursive: true });
    t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
    receiver = await startReceiver(() => 200);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${t.url}/console`);
    await page.getByLabel('API key').fill(t.apiKey);
    await page.keyboard.press('Enter');
    await see('No records yet');
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.stop({ remove: true });
  });

  it('validates an uploaded document with a corrected patient, then synchronises it within the 30 s limit', async () => {
    const hook = await api(t.url, t.apiKey, 'POST', '/webhooks', {
      url: receiver.url,
      events: ['new_document', 'document_synchronize'],
      active: true,
    });
    expect(hook.status).toBe(201);
    const { pdf, truth } = await makeDocumentPdf('referral_letter', 7, 'en');
    await nav('Upload');
    await page.getByLabel('Kind of analysis').selectOption('document');
    await dropFile('referral.pdf', pdf, 'application/pdf');
    await page
      .locator('.uploads li', { hasText: 'referral.pdf' })
      .getByText('completed')
      .waitFor({ timeout: 60_000 });

    await nav('Documents');
    const row = page.locator('tr[data-document]', { hasText: 'referral.pdf' });
    await row.getByText('to_validate').waitFor({ timeout: 30_000 });
    await shot('20-documents-queue');
    await row.getByRole('link', { name: 'referral.pdf' }).click();
    await page.getByRole('heading', { name: 'Check and validate' }).waitFor();
    // The analyser's proposal fills the form; the professional corrects the family name.
    expect(await page.getByLabel('Date of birth').inputValue()).toBe(truth.date_of_birth);
    await page.getByLabel('Document type').selectOption('consultation_note');
    await page.getByLabel('Family name').fill('Corrected-Name');
    await page.getByLabel('Validated by (your user id, optional)').fill('dr-house');
    await page.getByAltText(/Page 1 of referral.pdf/).waitFor({ timeout: 30_000 });
    await shot('21-document-to-validate');
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByRole('heading', { name: 'Validated' }).waitFor({ timeout: 30_000 });
    await see(`${truth.given_name} Corrected-Name`);

    const [record] = (await api(t.url, t.apiKey, 'GET', '/v1/records?kind=document')).body.data;
    const native = (await api(t.url, t.apiKey, 'GET', `/v1/documents/${record.id}`)).body;
    expect(native.state).toBe('verified');
    expect(native.document).toMatchObject({
      type: 'consultation_note',
      validatedBy: 'dr-house',
      patient: { lastName: 'Corrected-Name', birthDate: truth.date_of_birth },
    });
    await eventually(async () => receiver.requests.some((r) => r.body.includes('"new_document"')));

    // The integration reports a failure: it shows in the history.
    const uuid = native.document.uuid as string;
    const report = await api(t.url, t.apiKey, 'POST', `/documents/${uuid}/status`, {
      success: false,
      error: 'patient not found in the practice system',
    });
    expect(report.status).toBeLessThan(300);
    await page.reload();
    await page
      .locator('tr.flagged', { hasText: 'patient not found in the practice system' })
      .waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Synchronise', exact: true }).click();
    await see('Synchronisation requested');
    await eventually(async () => receiver.requests.some((r) => r.body.includes('"document_synchronize"')));
    await page.getByRole('button', { name: /Synchronise \(again in \d+ s\)/ }).waitFor();
    // A fresh page knows nothing of the last request: the server's 429 and Retry-After drive the countdown.
    await page.reload();
    await page.getByRole('button', { name: 'Synchronise', exact: true }).click();
    await see(/one synchronisation per 30 s: try again in \d+ s/);
    expect(await page.getByRole('button', { name: /Synchronise \(again in \d+ s\)/ }).isDisabled()).toBe(
      true,
    );
    await shot('22-document-synchronised');
    expect(receiver.requests.filter((r) => r.body.includes('"document_synchronize"'))).toHaveLength(1);
  });

  it('writes a template with a live preview on a sample that follows each edit, then runs it as a job', async () => {
    await nav('Templates');
    await see('No templates yet');
    await page.getByRole('link', { name: 'New template' }).first().click();
    const sample = await textPdf([
      'ACME Supplies\nInvoice number: INV-0042\n\nDescription\nBlue widget 12.50\nRed gadget 4.00\nTotal: 16.50',
    ]);
    // The sample first: the preview then follows the form from the first field typed.
    await page.getByLabel('Sample for the live preview (PDF or image)').setInputFiles({
      name: 'acme-sample.pdf',
      mimeType: 'application/pdf',
      buffer: sample,
    });
    await see('Previewing on acme-sample.pdf');
    await page.getByLabel('Name', { exact: true }).fill('ACME Supplies');
    await page.getByLabel(/^Keywords/).fill('ACME Supplies');
    const first = page.locator('[data-field="0"]');
    await first.getByLabel(/^Field name/).fill('invoice_number');
    await first.getByLabel(/^Regex/).fill('Invoice number:\\s*(\\S+)');
    await first.getByLabel(/^Required/).check();
    const number = page.locator('tr[data-field-result="invoice_number"]');
    await number.getByText('INV-0042').waitFor({ timeout: 30_000 });
    await number.getByText('page 1').waitFor();
    await page.locator('.highlight', { hasText: 'invoice_number' }).waitFor({ timeout: 30_000 });
    await see(/its keywords match this sample/);

    // Editing the rule updates the preview, saved or not: a broken regex shows the API's reason.
    await first.getByLabel(/^Regex/).fill('Invoice number:\\s*(INV-\\d+');
    await page
      .getByRole('alert')
      .getByText(/fields\.invoice_number\.rules\[0\]\.regex/)
      .waitFor();
    await first.getByLabel(/^Regex/).fill('Invoice number:\\s*INV-(\\d+)');
    await first.getByLabel(/^Type/).selectOption('number');
    await number.getByText('42', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add field' }).click();
    const second = page.locator('[data-field="1"]');
    await second.getByLabel(/^Field name/).fill('total');
    await second.getByLabel(/^Type/).selectOption('money');
    await second.getByLabel(/^Rule/).selectOption('anchor');
    await second.getByLabel(/^Label/).fill('Total');
    await page.locator('tr[data-field-result="total"]').getByText('16.5').waitFor();

    // A zone: the top strip of the first page, drawn on the sample as a dashed box.
    await page.getByRole('button', { name: 'Add field' }).click();
    const third = page.locator('[data-field="2"]');
    await third.getByLabel(/^Field name/).fill('issuer');
    await third.getByLabel(/^Rule/).selectOption('zone');
    await third.getByLabel(/^Right \(x1\)/).fill('1');
    await third.getByLabel(/^Bottom \(y1\)/).fill('0.11');
    await page.locator('tr[data-field-result="issuer"]').getByText('ACME Supplies').waitFor();
    await page.locator('.highlight.zone', { hasText: 'zone: issuer' }).waitFor();
    // The same box drawn with the pointer on the page sets the zone's numbers.
    await page.getByLabel('Draw on the page the zone of').selectOption({ label: 'issuer, rule 1' });
    const sheet = (await page.locator('.live-preview .drawable').first().boundingBox())!;
    await page.mouse.move(sheet.x + sheet.width * 0.02, sheet.y + sheet.height * 0.02);
    await page.mouse.down();
    await page.mouse.move(sheet.x + sheet.width * 0.3, sheet.y + sheet.height * 0.06, { steps: 5 });
    await page.mouse.move(sheet.x + sheet.width * 0.6, sheet.y + sheet.height * 0.11, { steps: 5 });
    await page.mouse.up();
    expect(Number(await third.getByLabel(/^Right \(x1\)/).inputValue())).toBeCloseTo(0.6, 1);
    expect(Number(await third.getByLabel(/^Bottom \(y1\)/).inputValue())).toBeCloseTo(0.11, 1);
    await page.locator('tr[data-field-result="issuer"]').getByText('ACME Supplies').waitFor();

    // Line items with the form: markers, a row pattern, a type for the column it names.
    await page.getByRole('button', { name: 'Add line-item list' }).click();
    await page.getByLabel(/^List name/).fill('lines');
    await page.getByLabel(/^Start marker/).fill('Description');
    await page.getByLabel(/^End marker/).fill('Total');
    await page.getByLabel(/^Row pattern/).fill('^(?<description>[A-Za-z ]+?)\\s+(?<amount>\\d+\\.\\d\\d)$');
    await page.getByLabel(/^amount type/).selectOption('money');
    const lines = page.getByRole('table', { name: /Line items: lines \(2\)/ });
    await lines.getByText('Blue widget').waitFor();
    await lines.getByText('12.5', { exact: true }).waitFor();
    await page.getByLabel('Page size').selectOption('200');
    await shot('23-template-live-preview');
    // The panel scrolls on its own beside the form: its pages, with the boxes, as a user scrolls to them.
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.locator('.live-preview .preview-zoom').scrollIntoViewIfNeeded();
    await page
      .locator('aside')
      .screenshot({ path: path.join(ARTIFACTS, '23b-template-live-preview-pages.png') });

    // The JSON view holds the same line items and goes back to the form.
    await page.getByRole('button', { name: 'Edit line items as JSON (advanced)' }).click();
    expect(JSON.parse(await page.getByLabel(/^Line items as JSON/).inputValue())).toEqual([
      {
        name: 'lines',
        blocks: [
          {
            start: 'Description',
            end: 'Total',
            line: ['^(?<description>[A-Za-z ]+?)\\s+(?<amount>\\d+\\.\\d\\d)$'],
            types: { amount: 'money' },
          },
        ],
      },
    ]);
    await page.getByRole('button', { name: 'Edit line items with the form' }).click();
    await page.getByLabel(/^Start marker/).waitFor();

    await page.getByLabel(/^Webhook URL/).fill(receiver.url);
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel(/^Header name/).fill('x-our-secret');
    await page.getByLabel(/^Header value/).fill('template-secret-42');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('button', { name: 'Save template' }).waitFor();
    // The preview stays after saving (the sample is remembered for this tab).
    await number.getByText('42', { exact: true }).waitFor({ timeout: 30_000 });

    const [template] = (await api(t.url, t.apiKey, 'GET', '/v1/templates')).body.data;
    expect(template).toMatchObject({
      name: 'ACME Supplies',
      keywords: ['ACME Supplies'],
      fields: {
        invoice_number: {
          type: 'number',
          required: true,
          rules: [{ regex: 'Invoice number:\\s*INV-(\\d+)' }],
        },
        total: { type: 'money', rules: [{ anchor: { label: 'Total', direction: 'right' } }] },
        issuer: { rules: [{ zone: { page: 0, box: { x0: expect.any(Number), x1: expect.any(Number) } } }] },
      },
      line_items: [
        { name: 'lines', blocks: [{ start: 'Description', end: 'Total', types: { amount: 'money' } }] },
      ],
      webhook_url: receiver.url,
    });
    // Previews cost nothing: no credits until the job below.
    expect((await api(t.url, t.apiKey, 'GET', '/v1/usage')).body.credits_used).toBe(0);

    // Once saved it can also run as a real job, which goes to the template's webhook.
    await page.getByText('Run the saved template as a real job').click();
    await page.getByLabel('Sample document (PDF or image)').setInputFiles({
      name: 'acme-sample.pdf',
      mimeType: 'application/pdf',
      buffer: sample,
    });
    const job = page.locator('.template-preview');
    await job.locator('tr[data-field-result="invoice_number"]').getByText('42').waitFor({ timeout: 60_000 });
    await job
      .getByRole('table', { name: /Line items: lines \(2\)/ })
      .getByText('Blue widget')
      .waitFor();
    await job.locator('.highlight', { hasText: 'invoice_number' }).waitFor({ timeout: 30_000 });
    await shot('24-template-preview');
    await eventually(async () => receiver.requests.some((r) => r.body.includes('Blue widget')));
    const delivered = receiver.requests.find((r) => r.body.includes('Blue widget'))!;
    expect(delivered.headers['x-our-secret']).toBe('template-secret-42');

    // On a phone the preview comes below the form, pages fitting the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.live-preview .preview img').first().scrollIntoViewIfNeeded();
    await shot('27-template-phone');
    await page.setViewportSize({ width: 1280, height: 860 });

    // The job cost one credit (one page): the usage page draws it for today.
    await nav('Usage');
    await page.getByTestId('credits-in-period').getByText('1', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('rect.bar-credits').first().waitFor();
    await page.getByText('The credits as a table').click();
    await shot('26-usage-credits');
  });

  it('imports an invoice2data template and refuses a broken one with the reason', async () => {
    await nav('Templates');
    const source = page.getByLabel('invoice2data template (YAML or JSON)');
    await source.fill('issuer: Broken Co\nkeywords: [Broken]\nfields:\n  amount: "(?>atomic)"\n');
    await page.getByRole('button', { name: 'Import template' }).click();
    await see(/atomic groups/);
    await source.fill(
      'issuer: Beta Ltd\nkeywords:\n  - Beta Ltd\nfields:\n  amount: Total\\s+(\\d+\\.\\d+)\n  invoice_number: Invoice\\s+(\\d+)\n  date: Date\\s+(\\d{2}/\\d{2}/\\d{4})\n',
    );
    await page.getByRole('button', { name: 'Import template' }).click();
    await page.getByRole('button', { name: 'Save template' }).waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Beta Ltd');
    await nav('Templates');
    await page.locator('tr[data-template]', { hasText: 'Beta Ltd' }).waitFor();
    await shot('25-templates-list');
  });
});
