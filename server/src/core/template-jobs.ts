/**
 * Seed 002's jobs: submitting a file to be read with a template (after the template and the
 * application's credit limit are checked), where a job stands (its record and its webhook's
 * delivery), its results while they are kept, and the credits jobs cost (1 per page).
 */
import { type DocketRecord, isTerminal } from './domain.ts';
import { DocketError } from './errors.ts';
import type { IntakeService } from './intake.ts';
import type { Clock, DailyCredits, Store } from './ports.ts';
import { TEMPLATE_KIND } from './templates.ts';

/** How a job's webhook stands: none was due, one is still being tried, it arrived, or it never will. */
export type JobDelivery = 'none' | 'pending' | 'succeeded' | 'failed';

/** A job to submit. */
export interface JobSubmission {
  applicationId: string;
  /** `null`: the analyser picks the application's template whose keywords the document matches. */
  templateId: string | null;
  bytes: Uint8Array;
  declaredMimeType: string | null;
  filename: string | null;
  staticValues: Record<string, unknown>;
  idempotencyKey: string | null;
}

/** A finished job's results: the job, and for a ZIP batch each of its files' jobs. */
export interface JobResults {
  job: DocketRecord;
  /** The batch's jobs, oldest first; empty for a single file. */
  files: DocketRecord[];
}

/** Credits an application has used and may still use. */
export interface CreditUsage {
  used: number;
  limit: number | null;
  days: DailyCredits[];
}

export interface TemplateJobsDeps {
  store: Store;
  clock: Clock;
  intake: IntakeService;
  /** How long a job's result is kept after it finished (DOCKET_JOB_RESULT_TTL). */
  resultTtlMs: number;
}

const ZIP_MIME = 'application/zip';

/** `24 h`, `90 min`, `30 s`. */
export function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
const PAGE = 200;

export class TemplateJobs {
  readonly #deps: TemplateJobsDeps;

  constructor(deps: TemplateJobsDeps) {
    this.#deps = deps;
  }

  async submit(job: JobSubmission): Promise<DocketRecord> {
    const { store, intake } = this.#deps;
    if (job.templateId !== null) {
      if (!(await store.templates.get(job.applicationId, job.templateId))) {
        throw new DocketError(
          'not_found',
          'template_not_found',
          `no template with id ${job.templateId}: use the id of one of your templates (GET /v1/templates)`,
          { field: 'template_id' },
        );
      }
    } else if ((await store.templates.all(job.applicationId, 1)).length === 0) {
      throw new DocketError(
        'invalid',
        'template_id_required',
        'missing required field: template_id (this application has no templates to choose from by keyword)',
        { field: 'template_id' },
      );
    }
    await this.#checkCredits(job.applicationId);
    const { record } = await intake.submit({
      applicationId: job.applicationId,
      kind: TEMPLATE_KIND,
      bytes: job.bytes,
      declaredMimeType: job.declaredMimeType,
      filename: job.filename,
      options: { template_id: job.templateId, static_values: job.staticValues },
      idempotencyKey: job.idempotencyKey,
    });
    return record;
  }

  /** A job of the application; 404 for anything else, including other tenants' jobs and records. */
  async get(applicationId: string, jobId: string): Promise<DocketRecord> {
    const record = await this.#deps.store.records.get(applicationId, jobId);
    if (!record || record.kind !== TEMPLATE_KIND) {
      throw new DocketError('not_found', 'job_not_found', `no job with id ${jobId}`, { field: 'job_id' });
    }
    return record;
  }

  /** How the job's webhook stands. Its deliveries commit with its outcome, so none means none was due. */
  async delivery(record: DocketRecord): Promise<JobDelivery> {
    if (!isTerminal(record.status)) return 'none';
    const { items } = await this.#deps.store.deliveries.list({
      applicationId: record.applicationId,
      recordId: record.id,
      limit: 50,
    });
    if (items.length === 0) return 'none';
    if (items.some((d) => d.status === 'succeeded')) return 'succeeded';
    if (items.some((d) => d.status === 'pending')) return 'pending';
    return 'failed';
  }

  /** When a finished job's result is (or was) deleted; `null` while it runs. */
  expiresAt(record: DocketRecord): Date | null {
    return record.completedAt ? new Date(record.completedAt.getTime() + this.#deps.resultTtlMs) : null;
  }

  /** A finished job's results: 409 while it runs, 410 once its retention has ended. */
  async results(applicationId: string, jobId: string): Promise<JobResults> {
    const job = await this.get(applicationId, jobId);
    if (!isTerminal(job.status)) {
      throw new DocketError(
        'conflict',
        'job_not_finished',
        `job ${jobId} is still being processed: ask again once GET /job-status says it finished`,
      );
    }
    this.#checkKept(job);
    const files = job.mimeType === ZIP_MIME && job.status === 'completed' ? await this.#batch(job) : [];
    return { job, files };
  }

  /** Whether a finished job's result is still kept: within its retention and not yet deleted. */
  isExpired(record: DocketRecord): boolean {
    const expiresAt = this.expiresAt(record);
    if (!expiresAt) return false;
    const deleted = record.status === 'completed' && record.result === null;
    return deleted || this.#deps.clock.now().getTime() >= expiresAt.getTime();
  }

  async usage(applicationId: string, from: Date, to: Date): Promise<CreditUsage> {
    const { usage } = this.#deps.store;
    const [used, limit, days] = await Promise.all([
      usage.creditsUsed(applicationId, TEMPLATE_KIND),
      usage.creditLimit(applicationId),
      usage.creditsPerDay(applicationId, TEMPLATE_KIND, from, to),
    ]);
    return { used, limit, days };
  }

  /** Sets the application's credit limit (`null`: none). */
  async setCreditLimit(applicationId: string, limit: number | null): Promise<void> {
    if (limit !== null && (!Number.isInteger(limit) || limit < 0)) {
      throw new DocketError(
        'invalid',
        'invalid_credit_limit',
        'credit_limit must be a whole number ≥ 0, or null',
        {
          field: 'credit_limit',
        },
      );
    }
    if (!(await this.#deps.store.applications.get(applicationId))) {
      throw new DocketError('not_found', 'application_not_found', `no application with id ${applicationId}`);
    }
    await this.#deps.store.usage.setCreditLimit(applicationId, limit, this.#deps.clock.now());
  }

  /**
   * A job's cost is its page count, known only once it is read, so the limit is checked when a
   * job is submitted: jobs already in flight may take usage a little past it, never further.
   */
  async #checkCredits(applicationId: string): Promise<void> {
    const { usage } = this.#deps.store;
    const limit = await usage.creditLimit(applicationId);
    if (limit === null) return;
    const used = await usage.creditsUsed(applicationId, TEMPLATE_KIND);
    if (used >= limit) {
      throw new DocketError(
        'payment_required',
        'credits_exhausted',
        `this application has used ${used} of its ${limit} credits (1 per page): raise its credit limit to submit more jobs`,
        { credits_used: used, credit_limit: limit },
      );
    }
  }

  #checkKept(job: DocketRecord): void {
    if (!this.isExpired(job)) return;
    const at = this.expiresAt(job)?.toISOString();
    throw new DocketError(
      'gone',
      'job_result_expired',
      `the results of job ${job.id} expired: they are kept ${describeDuration(this.#deps.resultTtlMs)} after the job finished, until ${at}; submit the file again to get them`,
      { expired_at: at },
    );
  }

  async #batch(parent: DocketRecord): Promise<DocketRecord[]> {
    const files: DocketRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#deps.store.records.list({
        applicationId: parent.applicationId,
        parentId: parent.id,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      files.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // In the order of the ZIP, as the batch's summary lists them (ids made in one millisecond do not sort).
    const order = new Map(
      ((parent.result as { files?: { record_id: string }[] } | null)?.files ?? []).map((f, i) => [
        f.record_id,
        i,
      ]),
    );
    return files.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
}
