/**
 * Issue 17, item 1: heavy documents are bounded (pages, OCR pages, pixels, time), fail fast with
 * a reason naming the bound, and do not hold up another application's uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { pixelBombPng } from '../support/images.ts';
import { blankPdf, textPdf } from '../support/pdfs.ts';

async function finished(t: { url: string }, key: string, route: string) {
  return eventually(async () => {
    const r = await api(t.url, key, 'GET', route);
    const body = r.body.lab_report ?? r.body;
    return body.status === 'completed' || body.status === 'failed' ? body : null;
  }, 60_000);
}

describe('page, OCR-page and pixel caps', () => {
  let t: TestDocket;
  beforeAll(async () => {
    t = await startTestDocket({ env: { DOCKET_MAX_OCR_PAGES: '1' } });
  });
  afterAll(() => t.stop({ remove: true }));

  it('a 500-page PDF fails with the page cap while another application’s upload completes', async () => {
    const other = await t.docket.credentials.createApplication('careful customer');
    const heavy = await api(t.url, t.apiKey, 'POST', '/lab_reports', {
      body: (await blankPdf(500)).toString('base64'),
    });
    expect(heavy.status).toBe(202);
    const normal = await api(t.url, other.api_key, 'POST', '/v1/records', {
      kind: 'text',
      body: (await textPdf(['an ordinary one-page document'])).toString('base64'),
    });
    expect(normal.status).toBe(202);

    const report = await finished(t, t.apiKey, `/lab_reports/${heavy.body.lab_report.record_id}`);
    expect(report.status).toBe('failed');
    expect(report.parsing_error).toContain('500 pages');
    expect(report.parsing_error).toContain('at most 100 pages');
    expect(report.parsing_error).toContain('DOCKET_MAX_PAGES');
    const native = await api(t.url, t.apiKey, 'GET', `/v1/records/${heavy.body.lab_report.record_id}`);
    expect(native.body.error.code).toBe('page_limit_exceeded');

    const done = await finished(t, other.api_key, `/v1/records/${normal.body.id}`);
    expect(done.status).toBe('completed');
    expect(done.result.pages[0].text).toContain('an ordinary one-page document');
  });

  it('a scan with more pages than the OCR cap fails naming DOCKET_MAX_OCR_PAGES', async () => {
    const r = await api(t.url, t.apiKey, 'POST', '/v1/records', {
      kind: 'lab_report',
      body: (await blankPdf(3)).toString('base64'),
    });
    const record = await finished(t, t.apiKey, `/v1/records/${r.body.id}`);
    expect(record.error.code).toBe('ocr_page_limit_exceeded');
    expect(record.error.message).toContain('at most 1 pages');
    expect(record.error.message).toContain('DOCKET_MAX_OCR_PAGES');
  });

  it('a pixel bomb says its size and the cap', async () => {
    const r = await api(t.url, t.apiKey, 'POST', '/lab_reports', {
      body: pixelBombPng(30_000, 30_000).toString('base64'),
    });
    expect(r.status).toBe(202);
    const report = await finished(t, t.apiKey, `/lab_reports/${r.body.lab_report.record_id}`);
    expect(report.status).toBe('failed');
    expect(report.parsing_error).toContain('30000 × 30000 pixels (900 megapixels)');
    expect(report.parsing_error).toContain('limit is 100 megapixels');
  });
});

describe('time budget', () => {
  it('a task over its budget fails with analysis_timeout and is not picked up again after restart', async () => {
    const env = {
      DOCKET_ANALYSIS_TIMEOUT_MS: '1500',
      DOCKET_MAX_PAGES: '1000',
      DOCKET_MAX_OCR_PAGES: '1000',
    };
    const first = await startTestDocket({ env });
    const r = await api(first.url, first.apiKey, 'POST', '/v1/records', {
      kind: 'lab_report',
      body: (await blankPdf(500)).toString('base64'),
    });
    const record = await finished(first, first.apiKey, `/v1/records/${r.body.id}`);
    expect(record.status).toBe('failed');
    expect(record.error.code).toBe('analysis_timeout');
    expect(record.error.message).toContain('1.5 s');
    await first.stop();

    // Restarted without a worker, the queue holds nothing for this record any more.
    const again = await startTestDocket({ dataDir: first.dataDir, env, role: 'api' });
    try {
      expect(await again.docket.queue.nextRunAt(['record.analyse'])).toBeNull();
      expect(await again.docket.queue.claim(['record.analyse'], 10, 5000)).toEqual([]);
      const after = await api(again.url, again.apiKey, 'GET', `/v1/records/${r.body.id}`);
      expect(after.body.error.code).toBe('analysis_timeout');
    } finally {
      await again.stop({ remove: true });
    }
  });
});
