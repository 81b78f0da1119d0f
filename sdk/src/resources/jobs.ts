/**
 * Seed 002's template platform: templates (`/v1/templates`), job status (`GET /job-status`) and
 * results (`POST /v1/job-results`, JSON or CSV). Submitting a job is `docket.submit(file, { template })`.
 */
import { call } from '../api.ts';
import { PageIterator } from '../pagination.ts';
import type { Ok } from '../paths.ts';
import type { Transport } from '../transport.ts';
import type { JobStatus, Template, TemplateCreate, TemplateUpdate } from '../types.ts';

type Signal = { signal?: AbortSignal };
const signalOf = (options: Signal) => (options.signal ? { signal: options.signal } : {});

export class Templates {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  create(template: TemplateCreate, options: Signal & { idempotencyKey?: string } = {}): Promise<Template> {
    return call(this.#transport, 'post', '/v1/templates', {
      body: template,
      creates: true,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...signalOf(options),
    });
  }

  list(options: Signal = {}): PageIterator<Template, Ok<'/v1/templates', 'get'>> {
    return new PageIterator<Template, Ok<'/v1/templates', 'get'>, string>(
      async (cursor, signal) => {
        const page = await call(this.#transport, 'get', '/v1/templates', {
          query: cursor ? { cursor } : {},
          ...(signal ? { signal } : {}),
        });
        return { page, items: page.data, next: page.next_cursor ?? null };
      },
      null,
      options.signal,
    );
  }

  get(id: string, options: Signal = {}): Promise<Template> {
    return call(this.#transport, 'get', '/v1/templates/{id}', { params: { id }, ...signalOf(options) });
  }

  update(id: string, changes: TemplateUpdate, options: Signal = {}): Promise<Template> {
    return call(this.#transport, 'patch', '/v1/templates/{id}', {
      params: { id },
      body: changes,
      ...signalOf(options),
    });
  }

  async delete(id: string, options: Signal = {}): Promise<void> {
    await call(this.#transport, 'delete', '/v1/templates/{id}', { params: { id }, ...signalOf(options) });
  }
}

export class Jobs {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Seed 002's status string (`NEW`, `UNZIPPING FILE`, `PROCESSING IMAGE`, `SUCCESS`, `FAILED`, …). */
  status(jobId: string, options: Signal = {}): Promise<JobStatus> {
    return call(this.#transport, 'get', '/job-status', { query: { job_id: jobId }, ...signalOf(options) });
  }

  /** The job's extracted result as JSON (kept 24 h after it finished). */
  results(jobId: string, format?: 'json', options?: Signal): Promise<Ok<'/v1/job-results', 'post'>>;
  /** The job's extracted result as CSV text. */
  results(jobId: string, format: 'csv', options?: Signal): Promise<string>;
  async results(jobId: string, format: 'json' | 'csv' = 'json', options: Signal = {}): Promise<unknown> {
    const answer = await this.#transport.request<unknown>({
      method: 'POST',
      path: '/v1/job-results',
      json: { job_id: jobId, result_format: format },
      safe: true, // a lookup
      ...(format === 'csv' ? { expect: 'text' as const } : {}),
      ...signalOf(options),
    });
    return answer.data;
  }
}
