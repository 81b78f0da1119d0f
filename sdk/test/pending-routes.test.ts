/**
 * The seed-002/003 wrappers against a stand-in that records what they send: those routes are
 * not on this branch yet, so this checks the requests (method, path, query, body, headers), not
 * the server's answers.
 */
import { describe, expect, it } from 'vitest';
import { Docket } from '../src/index.ts';

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

function standIn(answer: (seen: Seen) => unknown = () => ({})) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    let body: unknown = init?.body;
    if (typeof body === 'string' && headers.get('content-type') === 'application/json')
      body = JSON.parse(body);
    const request = { method: init?.method ?? 'GET', path: url.pathname + url.search, headers, body };
    seen.push(request);
    const value = answer(request);
    if (typeof value === 'string') return new Response(value, { headers: { 'content-type': 'text/csv' } });
    return new Response(JSON.stringify(value), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { seen, docket: new Docket({ baseUrl: 'http://docket.test', apiKey: 'dk_k', fetch: fetchImpl }) };
}

const pick = ({ method, path, body }: Seen) => ({ method, path, body });

describe('seed 002: templates and jobs', () => {
  it('sends template CRUD, job status and job results to the specified routes', async () => {
    const { seen, docket } = standIn((s) =>
      s.path === '/v1/job-results' && (s.body as any).result_format === 'csv'
        ? 'a,b\n1,2\n'
        : { data: [], next_cursor: null },
    );
    await docket.templates.create({ name: 'invoice', keywords: ['ACME'], fields: {} });
    await docket.templates.list().toArray();
    await docket.templates.get('t 1');
    await docket.templates.update('t1', { name: 'renamed' });
    await docket.templates.delete('t1');
    await docket.jobs.status('j1');
    expect(await docket.jobs.results('j1', 'csv')).toBe('a,b\n1,2\n');
    await docket.jobs.results('j1');
    expect(seen.map(pick)).toEqual([
      { method: 'POST', path: '/v1/templates', body: { name: 'invoice', keywords: ['ACME'], fields: {} } },
      { method: 'GET', path: '/v1/templates', body: undefined },
      { method: 'GET', path: '/v1/templates/t%201', body: undefined },
      { method: 'PATCH', path: '/v1/templates/t1', body: { name: 'renamed' } },
      { method: 'DELETE', path: '/v1/templates/t1', body: undefined },
      { method: 'GET', path: '/job-status?job_id=j1', body: undefined },
      { method: 'POST', path: '/v1/job-results', body: { job_id: 'j1', result_format: 'csv' } },
      { method: 'POST', path: '/v1/job-results', body: { job_id: 'j1', result_format: 'json' } },
    ]);
    expect(seen[0]!.headers.get('idempotency-key')).toBeTruthy();
  });

  it('submits with a template to POST /process-job (base64 JSON or multipart) and returns the job record', async () => {
    const record = { id: 'job-1', kind: 'template', status: 'queued' };
    const { seen, docket } = standIn((s) =>
      s.path === '/process-job' ? { job_id: 'job-1', template_id: 'tpl' } : record,
    );
    const bytes = new Uint8Array([37, 80, 68, 70, 45]);
    expect(await docket.submit(bytes, { template: 'tpl', staticValues: { company: 'Acme' } })).toEqual(
      record,
    );
    expect(pick(seen[0]!)).toEqual({
      method: 'POST',
      path: '/process-job',
      body: { template_id: 'tpl', actual_image: 'JVBERi0=', static_values: { company: 'Acme' } },
    });
    expect(pick(seen[1]!)).toEqual({ method: 'GET', path: '/v1/records/job-1', body: undefined });
    await docket.submit(bytes, { template: 'tpl', encoding: 'multipart', filename: 'scan.pdf' });
    const form = seen[2]!.body as FormData;
    expect(form.get('template_id')).toBe('tpl');
    expect((form.get('actual_image') as File).name).toBe('scan.pdf');
  });
});

describe('seed 003: documents, status confirmation and OAuth clients', () => {
  it('sends each call to the specified route', async () => {
    const { seen, docket } = standIn();
    await docket.documents.list({ synchronized: false });
    await docket.documents.get('d1');
    await docket.documents.confirmStatus('d1', {
      success: true,
      directory: 'my_app',
      path: 'C:\\docs\\a.pdf',
    });
    await docket.documents.confirmStatus('d2', { success: false, error: 'disk full' });
    await docket.documents.validate('d1');
    await docket.documents.synchronize('d1');
    await docket.oauthClients.create({ name: 'pms', scopes: ['read:documents'] });
    await docket.oauthClients.list();
    expect(seen.map(pick)).toEqual([
      { method: 'GET', path: '/documents?synchronized=false', body: undefined },
      { method: 'GET', path: '/documents/d1', body: undefined },
      {
        method: 'POST',
        path: '/documents/d1/status',
        body: { success: true, directory: 'my_app', path: 'C:\\docs\\a.pdf' },
      },
      { method: 'POST', path: '/documents/d2/status', body: { success: false, error: 'disk full' } },
      { method: 'POST', path: '/v1/documents/d1/validate', body: {} },
      { method: 'POST', path: '/v1/documents/d1/synchronize', body: {} },
      { method: 'POST', path: '/v1/oauth-clients', body: { name: 'pms', scopes: ['read:documents'] } },
      { method: 'GET', path: '/v1/oauth-clients', body: undefined },
    ]);
  });
});
