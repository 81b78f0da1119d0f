import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabReportPdf, US_TABLE_REPORT } from '../fixtures/lab-reports/generate.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { textPdf, tinyPng } from '../support/pdfs.ts';

let t: TestDocket;
let pdf: string;

beforeAll(async () => {
  t = await startTestDocket();
  pdf = (await textPdf(['HEMATOLOGY', 'no results here'])).toString('base64');
});
afterAll(() => t.stop({ remove: true }));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('seed 000: lab reports', () => {
  it("answers the seed's example request with exactly the seed's immediate response", async () => {
    const response = await api(t.url, t.apiKey, 'POST', '/lab_reports', {
      mime_type: 'application/pdf',
      body: pdf,
      filename: 'lab_report_2024_01_15.pdf',
      wait_on_process: false,
    });
    expect(response.status).toBe(202);
    expect(Object.keys(response.body)).toEqual(['lab_report']);
    expect(Object.keys(response.body.lab_report).sort()).toEqual(['record_id', 'status', 'uploaded_at']);
    expect(response.body.lab_report.status).toBe('processing');
    expect(response.body.lab_report.uploaded_at).toMatch(ISO);

    const id = response.body.lab_report.record_id;
    const done = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/lab_reports/${id}`);
      return r.body.lab_report.status !== 'processing' ? r.body.lab_report : null;
    });
    expect(done.record_id).toBe(id);
    expect(['completed', 'failed']).toContain(done.status);
    if (done.status === 'failed') expect(done.parsing_error).toEqual(expect.any(String));
    else expect(Array.isArray(done.sections)).toBe(true);
    expect(done.modified_at).toMatch(ISO);
  });

  it('analyses a lab report PDF into LOINC-coded sections, in the seed shape', async () => {
    const report = (await makeLabReportPdf(US_TABLE_REPORT)).toString('base64');
    const response = await api(t.url, t.apiKey, 'POST', '/lab_reports', {
      mime_type: 'application/pdf',
      body: report,
      filename: 'cbc.pdf',
      wait_on_process: true,
      application_user_id: 'end_user_id1',
    });
    expect(response.status).toBe(200);
    const lab = response.body.lab_report;
    expect(lab.status).toBe('completed');
    expect(lab.collection_date).toBe('2024-03-14');
    expect(lab.result_date).toBe('2024-03-15');
    const results = lab.sections.flatMap((s: { results: unknown[] }) => s.results);
    const hemoglobin = results.find(
      (r: { original_test_name: string }) => r.original_test_name === 'Hemoglobin',
    );
    expect(hemoglobin).toMatchObject({
      loinc_code: '718-7',
      original_unit_name: 'g/dL',
      value: 11.2,
      within_normal_range: false,
      standard_value: 11.2,
      standard_value_unit: 'g/dL',
    });
  });

  it('fails a document with no lab results with a parsing_error that says so', async () => {
    const response = await api(t.url, t.apiKey, 'POST', '/lab_reports', { body: pdf, wait_on_process: true });
    expect(response.body.lab_report.status).toBe('failed');
    expect(response.body.lab_report.parsing_error).toMatch(/no lab results|no results|could not find/i);
  });

  it('wait_on_process holds the request until the record is terminal and returns it whole', async () => {
    const response = await api(t.url, t.apiKey, 'POST', '/lab_reports', {
      mime_type: 'application/pdf',
      body: pdf,
      wait_on_process: true,
      application_user_id: 'end_user_id1',
    });
    expect(response.status).toBe(200);
    const report = response.body.lab_report;
    expect(['completed', 'failed']).toContain(report.status);
    expect(report.application_user_id).toBe('end_user_id1');
    expect(report.uploaded_at).toMatch(ISO);
  });
});

describe('seeds 001/004: nutrition records', () => {
  it("answers with the seed's top-level immediate response and status pending", async () => {
    const response = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: tinyPng.toString('base64'),
      include_ingredients: true,
      include_nutri_score: true,
      wait_on_process: false,
      consumed_at: '2025-09-15T10:30:04Z',
    });
    expect(response.status).toBe(202);
    expect(Object.keys(response.body).sort()).toEqual(['record_id', 'status', 'uploaded_at']);
    expect(['pending', 'processing']).toContain(response.body.status);

    const done = await eventually(async () => {
      const r = await api(t.url, t.apiKey, 'GET', `/nutrition_records/${response.body.record_id}`);
      return ['completed', 'failed'].includes(r.body.status) ? r.body : null;
    });
    expect(done.consumed_at).toBe('2025-09-15T10:30:04Z');
    // Seed 001's receiver reads `application_id` as an int64 and the end user as `uid`.
    expect(done.application_id).toBe(t.applicationNumber);
    expect(Number.isSafeInteger(done.application_id)).toBe(true);
    expect(done).toHaveProperty('uid', null);
    // A 1×1 photo with no hints holds no food the analyser can recognise: it fails honestly,
    // saying what was tried, instead of inventing numbers.
    if (done.status === 'failed') expect(done.failure_reason).toMatch(/nutrition/);
  });

  it('rejects a PDF: nutrition takes photos', async () => {
    const response = await api(t.url, t.apiKey, 'POST', '/nutrition_records', { body: pdf });
    expect(response.status).toBe(415);
  });
});

describe('wait_on_process is bounded', () => {
  it('answers with the current state when the timeout passes first', async () => {
    const apiOnly = await startTestDocket({ role: 'api', env: { DOCKET_WAIT_TIMEOUT_MS: '300' } });
    try {
      const response = await api(apiOnly.url, apiOnly.apiKey, 'POST', '/lab_reports', {
        body: pdf,
        wait_on_process: true,
      });
      expect(response.status).toBe(200);
      expect(response.body.lab_report.status).toBe('processing');
    } finally {
      await apiOnly.stop({ remove: true });
    }
  });
});
