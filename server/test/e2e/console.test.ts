/**
 * The admin console end to end: Debian's Chromium (playwright-core) against a real Docket on a
 * random port serving the built console at /console/. A user signs in, uploads a PDF by drag and
 * drop, watches it complete and reads its result, creates an endpoint and sees a delivery, and
 * replays a failed delivery from the failure queue. Each page is saved as a screenshot under
 * console/e2e-artifacts/ (gitignored) for a person to look at.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabReportPdf, US_TABLE_REPORT } from '../fixtures/lab-reports/generate.ts';
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
let good: Receiver;
let flaky: Receiver;
/** The flaky receiver answers 500 until this is set. */
let flakyHealed = false;

async function shot(name: string, target: Page = page): Promise<void> {
  await target.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Follows a link of the main navigation. */
const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** The text of the element, waited for: the console renders after its requests answer. */
const see = (text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 30_000 });

describe.skipIf(!chromiumAvailable)(`the admin console${skipped}`, () => {
  beforeAll(async () => {
    if (!fs.existsSync(CONSOLE_BUILD)) {
      throw new Error('the console is not built: `npm install` builds it, or run `npm run build -w console`');
    }
    await fsp.mkdir(ARTIFACTS, { recursive: true });
    t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
    good = await startReceiver(() => 200);
    flaky = await startReceiver(() => (flakyHealed ? 200 : 500));
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await good?.close();
    await flaky?.close();
    await t?.stop({ remove: true });
  });

  it('refuses a wrong key with a message, then signs in with the keyboard alone', async () => {
    await page.goto(`${t.url}/console`);
    await page.getByLabel('API key').waitFor();
    await shot('01-sign-in');
    await page.getByLabel('API key').fill('dk_wrong');
    await page.keyboard.press('Enter');
    await see('Docket refused this key');
    await shot('02-sign-in-refused');
    await page.getByLabel('API key').fill(t.apiKey);
    await page.keyboard.press('Enter');
    await see('No records yet');
    await page.getByText('Live', { exact: true }).waitFor();
    await shot('03-records-empty');
  });

  it('creates an endpoint with headers and a retry policy, and sees its test delivery', async () => {
    await nav('Webhooks');
    await see('No endpoints yet');
    await shot('04-webhooks-empty');
    await page.getByRole('link', { name: 'New endpoint' }).first().click();
    await page.getByLabel('URL').fill(good.url);
    await page.getByLabel('Description').fill('Our results receiver');
    await page.getByLabel('record.completed').check();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Name', { exact: true }).fill('x-our-auth');
    await page.getByLabel('Value', { exact: true }).fill('secret-token-1234');
    await page.getByLabel('Schedule after a failed attempt').selectOption('custom');
    await page.getByLabel('Waits in seconds, one per retry').fill('1, 5');
    await page.getByLabel('Timeout per attempt (ms)').fill('3000');
    await shot('05-endpoint-new');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint', exact: true }).waitFor();

    const [endpoint] = (await api(t.url, t.apiKey, 'GET', '/v1/endpoints')).body.data;
    expect(endpoint).toMatchObject({
      url: good.url,
      events: ['record.completed'],
      retry_policy: { delays_ms: [1000, 5000] },
      timeout_ms: 3000,
    });
    await page.getByRole('button', { name: 'Send test event' }).click();
    await see('A webhook.test event is on its way');
    await eventually(async () => good.requests.some((r) => r.body.includes('webhook.test')));
    expect(good.requests[0]!.headers['x-our-auth']).toBe('secret-token-1234');
    const row = page.locator('tr[data-delivery]', { hasText: 'webhook.test' });
    await row.getByText('succeeded').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'webhook.test', exact: true }).click();
    await see('HTTP 200');
    await shot('06-endpoint-test-delivery');
  });

  it('uploads a lab report by drag and drop, watches it complete and reads its flagged results', async () => {
    await nav('Upload');
    await page.getByLabel('Kind of analysis').selectOption('lab_report');
    const pdf = await makeLabReportPdf(US_TABLE_REPORT);
    // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
    const transfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      // Runs in the page; the server's type-check has no DOM types.
      const data = new (globalThis as any).DataTransfer();
      data.items.add(new File([bytes], 'cbc-lipids.pdf', { type: 'application/pdf' }));
      return data;
    }, pdf.toString('base64'));
    await page.getByLabel('Drop files here').dispatchEvent('drop', { dataTransfer: transfer });
    const item = page.locator('.uploads li', { hasText: 'cbc-lipids.pdf' });
    await item.waitFor();
    await item.getByText('completed').waitFor({ timeout: 60_000 });
    await shot('07-upload-completed');

    await item.getByRole('link', { name: 'Open the record' }).click();
    await page.getByRole('heading', { name: 'cbc-lipids.pdf' }).waitFor();
    await page.getByAltText(/Page 1 of cbc-lipids.pdf/).waitFor({ timeout: 30_000 });
    const hemoglobin = page.locator('tr', { hasText: 'Hemoglobin' });
    await expect(hemoglobin.getAttribute('class')).resolves.toContain('flagged');
    await hemoglobin.getByText('Low').waitFor();
    await page.locator('tr', { hasText: 'Platelets' }).getByText('High').waitFor();
    await page.locator('tr', { hasText: 'WBC' }).getByText('Normal').waitFor();
    // Its webhook to the endpoint taking record.completed is listed with the record.
    await page.locator('section', { hasText: 'Deliveries' }).getByText('record.completed').waitFor();
    await shot('08-record-lab-report');
  });

  it('lists records live: an upload made elsewhere appears without a reload, and filters apply', async () => {
    await nav('Records');
    await page.locator('tr[data-record]').first().waitFor();
    const pdf = (await textPdf(['uploaded through the API'])).toString('base64');
    const r = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'text',
      body: pdf,
      filename: 'api.pdf',
    });
    await page.locator(`tr[data-record="${r.body.id}"]`).waitFor({ timeout: 30_000 });
    await page.getByLabel('Kind').selectOption('text');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('tr[data-record]', { hasText: 'cbc-lipids.pdf' }).waitFor({ state: 'detached' });
    await page.locator(`tr[data-record="${r.body.id}"]`).getByText('completed').waitFor({ timeout: 30_000 });
    await shot('09-records-filtered');
  });

  it('replays a failed delivery from the failure queue', async () => {
    const created = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
      url: flaky.url,
      description: 'A receiver that is down',
      retry_policy: { delays_ms: [] },
    });
    expect(created.status).toBe(201);
    const sent = await api(t.url, t.apiKey, 'POST', `/v1/endpoints/${created.body.id}/test`);
    await eventually(async () => {
      const d = await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${sent.body.id}`);
      return d.body.status === 'failed';
    });
    await nav('Deliveries');
    await page.getByRole('link', { name: 'Failure queue' }).click();
    const row = page.locator(`tr[data-delivery="${sent.body.id}"]`);
    await row.getByText('HTTP 500').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'webhook.test', exact: true }).click();
    await see('Attempt 1');
    await shot('10-failure-queue');
    flakyHealed = true;
    await row.getByRole('button', { name: /^Replay/ }).click();
    await eventually(async () => {
      const d = await api(t.url, t.apiKey, 'GET', `/v1/deliveries/${sent.body.id}`);
      return d.body.status === 'succeeded';
    });
    // It leaves the failure queue; under "All" it shows as succeeded.
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('link', { name: 'All' }).click();
    await page
      .locator(`tr[data-delivery="${sent.body.id}"]`)
      .getByText('succeeded')
      .waitFor({ timeout: 30_000 });
    await shot('11-deliveries-replayed');
  });

  it('shows events, usage, webhooks and the signing key rotation', async () => {
    await nav('Events');
    await page.locator('.events').getByText('record.completed').first().waitFor();
    await shot('12-events');
    await nav('Usage');
    await see('Delivery success rate');
    // No template job ran here: the credits panel says so rather than drawing an empty chart.
    await see('No credits used in this period');
    await page.locator('.chart svg').waitFor();
    await shot('13-usage');
    await nav('Webhooks');
    await page.getByRole('button', { name: 'Rotate signing key' }).click();
    await page.getByRole('button', { name: 'Yes, rotate' }).click();
    await see('New signing key');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await see(/whsec_[A-Za-z0-9+/=]{20,}/);
    await shot('14-webhooks');
    // This server has the templates and documents APIs: their pages are in the navigation
    // (their own end-to-end cases are in console-pages.test.ts).
    const main = page.getByRole('navigation', { name: 'Main' });
    expect(await main.getByRole('link', { name: 'Templates' }).count()).toBe(1);
    expect(await main.getByRole('link', { name: 'Documents' }).count()).toBe(1);
  });

  it('fits a phone screen: the navigation folds behind a Menu button', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${t.url}/console/#/records`);
    // sessionStorage is per tab: the new tab signs in again.
    await phone.getByLabel('API key').fill(t.apiKey);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.locator('tr[data-record]').first().waitFor();
    expect(await phone.getByRole('link', { name: 'Deliveries' }).isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Menu' }).click();
    expect(await phone.getByRole('link', { name: 'Deliveries' }).isVisible()).toBe(true);
    await shot('15-phone-records', phone);
    await phone.close();
  });
});
