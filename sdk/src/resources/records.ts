/** Records: upload a file (`submit`), read one (`get`), page through them (`list`), wait for one (`waitFor`). */
import { call } from '../api.ts';
import { DocketTimeoutError } from '../errors.ts';
import { PageIterator } from '../pagination.ts';
import { sleep } from '../runtime.ts';
import type { Transport } from '../transport.ts';
import type { DocketRecord, RecordListQuery, RecordPage } from '../types.ts';
import {
  base64Of,
  type FileInput,
  multipartBody,
  type PreparedFile,
  prepareFile,
  useMultipart,
} from '../upload.ts';

/** Options of {@link Records.submit}. */
export interface SubmitOptions {
  /** The record kind (`text`, `lab_report`, `nutrition`, …). Required unless `template` is given. */
  kind?: string;
  /** A seed-002 template id: the file goes to `POST /process-job` and is read with that template. */
  template?: string;
  /** Seed 002's `static_values`, returned with the job's result (templates only). */
  staticValues?: Record<string, unknown>;
  filename?: string;
  /** The file's type; Docket sniffs it from the bytes either way and refuses a mismatch. */
  mimeType?: string;
  /** Kind-specific options. */
  options?: Record<string, unknown>;
  /** Your own id for the end user the file belongs to. */
  applicationUserId?: string;
  /**
   * Ask Docket to hold the answer until the record is finished (up to its DOCKET_WAIT_TIMEOUT_MS,
   * 60 s by default, after which the record is returned as it stands). Use {@link Records.waitFor}
   * for longer waits.
   */
  waitOnProcess?: boolean;
  /** Reuse to make a retried submission harmless; generated when left out. */
  idempotencyKey?: string;
  /** Force the encoding; by default files from `multipartThreshold` bytes up, and streams, go as multipart. */
  encoding?: 'json' | 'multipart';
  signal?: AbortSignal;
}

/** Options of {@link Records.waitFor}. */
export interface WaitOptions {
  /** Give up after this long with a DocketTimeoutError. Default 120 s. */
  timeout?: number;
  signal?: AbortSignal;
  /** First poll interval, growing by half each poll up to `maxIntervalMs`. Default 100 ms. */
  intervalMs?: number;
  /** Default 2000 ms. */
  maxIntervalMs?: number;
}

const TERMINAL = new Set(['completed', 'failed']);

/** True once the record is `completed` or `failed`. */
export function isFinished(record: Pick<DocketRecord, 'status'>): boolean {
  return TERMINAL.has(record.status);
}

export class Records {
  readonly #transport: Transport;
  readonly #multipartThreshold: number;

  constructor(transport: Transport, multipartThreshold: number) {
    this.#transport = transport;
    this.#multipartThreshold = multipartThreshold;
  }

  /**
   * Uploads a file for analysis and returns its record (`queued`, or finished with
   * `waitOnProcess`). With `template`, submits a seed-002 job and returns the job's record.
   */
  async submit(file: FileInput, options: SubmitOptions): Promise<DocketRecord> {
    if (!options.kind && !options.template) throw new TypeError('submit needs a kind or a template');
    const prepared = await prepareFile(file, { filename: options.filename, mimeType: options.mimeType });
    const multipart =
      options.encoding === 'multipart' ||
      (options.encoding !== 'json' && useMultipart(prepared, this.#multipartThreshold));
    if (options.template) return this.#submitJob(prepared, multipart, options);
    const fields: Record<string, string | undefined> = {
      kind: options.kind,
      mime_type: prepared.mimeType ?? undefined,
      filename: prepared.filename ?? undefined,
      application_user_id: options.applicationUserId,
    };
    const common = {
      creates: true,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    if (!multipart) {
      const body = {
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        kind: options.kind!,
        body: await base64Of(prepared),
        ...(options.options ? { options: options.options } : {}),
        ...(options.waitOnProcess ? { wait_on_process: true } : {}),
      };
      return call(this.#transport, 'post', '/v1/records', { ...common, body });
    }
    const formFields = Object.entries({
      ...fields,
      options: options.options ? JSON.stringify(options.options) : undefined,
      wait_on_process: options.waitOnProcess ? 'true' : undefined,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const answer = await this.#transport.request<DocketRecord>({
      method: 'POST',
      path: '/v1/records',
      body: multipartBody(formFields, 'file', prepared),
      ...common,
    });
    return answer.data;
  }

  async #submitJob(file: PreparedFile, multipart: boolean, options: SubmitOptions): Promise<DocketRecord> {
    const common = {
      creates: true,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const templateId = options.template!;
    const accepted = multipart
      ? (
          await this.#transport.request<{ job_id: string }>({
            method: 'POST',
            path: '/process-job',
            body: multipartBody(
              [
                ['template_id', templateId],
                ...(options.staticValues
                  ? ([['static_values', JSON.stringify(options.staticValues)]] as [string, string][])
                  : []),
              ],
              'actual_image',
              file,
            ),
            ...common,
          })
        ).data
      : await call(this.#transport, 'post', '/process-job', {
          ...common,
          body: {
            template_id: templateId,
            actual_image: await base64Of(file),
            ...(options.staticValues ? { static_values: options.staticValues } : {}),
          },
        });
    // A job is a record like any other; the native shape is what the rest of the SDK speaks.
    const record = await this.get(accepted.job_id, options.signal);
    return options.waitOnProcess
      ? this.waitFor(record, options.signal ? { signal: options.signal } : {})
      : record;
  }

  /** One record; DocketNotFoundError for an unknown id (or another application's). */
  async get(id: string, signal?: AbortSignal): Promise<DocketRecord> {
    return call(this.#transport, 'get', '/v1/records/{id}', {
      params: { id },
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * The records, newest first, fetched a page at a time as the loop asks:
   * `for await (const record of docket.records.list({ status: 'failed' }))`, or `.pages()`.
   */
  list(
    query: RecordListQuery = {},
    options: { signal?: AbortSignal } = {},
  ): PageIterator<DocketRecord, RecordPage> {
    return new PageIterator<DocketRecord, RecordPage, string>(
      async (cursor, signal) => {
        const page = await call(this.#transport, 'get', '/v1/records', {
          query: { ...query, ...(cursor ? { cursor } : {}) },
          ...(signal ? { signal } : {}),
        });
        return { page, items: page.data, next: page.next_cursor };
      },
      null,
      options.signal,
    );
  }

  /**
   * Resolves with the record once it is `completed` or `failed` (a failed record is returned,
   * not thrown: its `error` says why). Polls `GET /v1/records/{id}` from 100 ms, backing off to
   * 2 s: that works for every product and record (batch parents emit no event), through any
   * proxy, and costs one indexed read per poll.
   */
  async waitFor(record: string | Pick<DocketRecord, 'id'>, options: WaitOptions = {}): Promise<DocketRecord> {
    const id = typeof record === 'string' ? record : record.id;
    const deadline = Date.now() + (options.timeout ?? 120_000);
    let interval = options.intervalMs ?? 100;
    const maxInterval = options.maxIntervalMs ?? 2000;
    for (;;) {
      const current = await this.get(id, options.signal);
      if (isFinished(current)) return current;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new DocketTimeoutError(
          `record ${id} is still ${current.status} after ${options.timeout ?? 120_000} ms`,
          current,
        );
      }
      await sleep(Math.min(interval, left), options.signal);
      interval = Math.min(maxInterval, interval * 1.5);
    }
  }
}
