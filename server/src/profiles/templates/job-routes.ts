/**
 * Seed 002's job API: `POST /process-job` (JSON with base64 `actual_image`, or multipart with the
 * same fields), `GET /job-status`, `POST /v1/job-results` (JSON or CSV), and credits:
 * `GET /v1/usage`, `PUT /v1/usage/credit-limit`. Translation only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { DocketRecord } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import type { HttpContext } from '../../http/context.ts';
import { idempotencyKeyOf } from '../../http/idempotency.ts';
import { decodeBase64, readMultipart, type Upload } from '../../http/upload.ts';
import { jobResultsCsv } from './csv.ts';
import { extractedOf, jobOrigin, renderJobAccepted, staticValuesOf, templateIdOf } from './render.ts';
import {
  CreditLimitBody,
  JobAcceptedSchema,
  JobResultsBody,
  JobResultsSchema,
  JobStatusQuery,
  JobStatusSchema,
  ProcessJobBody,
  TAGS as tags,
  UsageQuery,
  UsageSchema,
} from './schemas.ts';
import { type JobStatus, jobStatus } from './status.ts';

const FILE_FIELD = 'actual_image';

/** What an expanded ZIP's record holds (worker/expand-archive.ts writes it): its files and refusals. */
interface BatchSummary {
  files: { name: string; record_id: string }[];
  refused: { name: string; reason: string }[];
}
const DAY_MS = 86_400_000;

/** Multipart files are read before validation; each waits here for its handler. */
const multipartFiles = new WeakMap<FastifyRequest, Upload>();

/** A multipart form becomes the JSON body's shape (the file aside), so one schema checks both. */
async function readJobForm(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const upload = await readMultipart(request, [FILE_FIELD]);
  const { static_values, ...fields } = upload.fields;
  let staticValues: unknown;
  if (static_values !== undefined && static_values !== '') {
    try {
      staticValues = JSON.parse(static_values);
    } catch {
      staticValues = undefined;
    }
    if (!staticValues || typeof staticValues !== 'object' || Array.isArray(staticValues)) {
      throw new DocketError(
        'invalid',
        'invalid_static_values',
        'static_values must be a JSON object, e.g. {"company_name":"Acme Corp"}',
        { field: 'static_values' },
      );
    }
  }
  multipartFiles.set(request, upload);
  // The file travels beside the body; `actual_image` is filled so the schema's required field holds.
  request.body = { ...fields, actual_image: '', ...(staticValues ? { static_values: staticValues } : {}) };
}

function fileOf(request: FastifyRequest, body: Static<typeof ProcessJobBody>): Upload {
  const multipart = multipartFiles.get(request);
  if (multipart) return multipart;
  const { bytes, mimeType } = decodeBase64(body.actual_image, FILE_FIELD, request.base64Files);
  return { bytes, declaredMimeType: mimeType, filename: null, fields: {} };
}

function batchOf(record: DocketRecord): BatchSummary | null {
  const summary = record.result as Partial<BatchSummary> | null;
  return summary && Array.isArray(summary.files) ? (summary as BatchSummary) : null;
}

export function jobRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  const statusOf = async (record: DocketRecord): Promise<JobStatus> =>
    jobStatus(record, await ctx.jobs.delivery(record));

  const jobResult = async (record: DocketRecord) => ({
    job_id: record.id,
    template_id: templateIdOf(record),
    status: await statusOf(record),
    static_values: staticValuesOf(record),
    ...jobOrigin(record),
    result: ctx.jobs.isExpired(record) ? null : extractedOf(record),
    ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
    pages: record.pages,
    completed_at: record.completedAt?.toISOString() ?? null,
  });

  return async (app) => {
    app.post(
      '/process-job',
      {
        schema: {
          tags,
          summary: 'Submit an image, PDF or ZIP to be read with a template (JSON with base64, or multipart)',
          body: ProcessJobBody,
          response: { 202: JobAcceptedSchema },
        },
        config: { base64Fields: [FILE_FIELD] },
        preValidation: readJobForm,
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          const body = request.body;
          const file = fileOf(request, body);
          const record = await ctx.jobs.submit({
            applicationId: request.applicationId,
            templateId: body.template_id || null,
            bytes: file.bytes,
            declaredMimeType: file.declaredMimeType,
            filename: body.filename ?? file.filename,
            staticValues: body.static_values ?? {},
            idempotencyKey: idempotencyKeyOf(request),
          });
          return { status: 202, body: renderJobAccepted(record) };
        }),
    );

    app.get(
      '/job-status',
      {
        schema: {
          tags,
          summary: "A job's status, in seed 002's words",
          querystring: JobStatusQuery,
          response: { 200: JobStatusSchema },
        },
      },
      async (request) => {
        const record = await ctx.jobs.get(request.applicationId, request.query.job_id);
        const batch = batchOf(record);
        return {
          job_id: record.id,
          template_id: templateIdOf(record),
          status: await statusOf(record),
          ...jobOrigin(record),
          ...(batch
            ? {
                files: batch.files.map((f) => ({ file_name: f.name, job_id: f.record_id })),
                refused: batch.refused.map((r) => ({ file_name: r.name, reason: r.reason })),
              }
            : {}),
          ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
          created_at: record.createdAt.toISOString(),
          completed_at: record.completedAt?.toISOString() ?? null,
        };
      },
    );

    app.post(
      '/v1/job-results',
      {
        schema: {
          tags,
          summary: "A finished job's results as JSON or CSV (kept 24 h after it finished, then 410)",
          body: JobResultsBody,
          response: {
            200: {
              description: 'The results: JSON, or CSV for result_format csv',
              content: {
                'application/json': { schema: JobResultsSchema },
                'text/csv': { schema: Type.String() },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const { job, files } = await ctx.jobs.results(request.applicationId, request.body.job_id);
        const batch = batchOf(job);
        if (request.body.result_format === 'csv') {
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="job-${job.id}.csv"`)
            .send(jobResultsCsv(batch ? files : [job]));
        }
        return {
          ...(await jobResult(job)),
          result: batch ? null : extractedOf(job),
          expires_at: ctx.jobs.expiresAt(job)?.toISOString() ?? null,
          ...(batch
            ? {
                files: await Promise.all(files.map(jobResult)),
                refused: batch.refused.map((r) => ({ file_name: r.name, reason: r.reason })),
              }
            : {}),
        };
      },
    );

    app.get(
      '/v1/usage',
      {
        schema: {
          tags,
          summary: 'Credits used (1 per page read) per UTC day, and the credit limit',
          querystring: UsageQuery,
          response: { 200: UsageSchema },
        },
      },
      async (request) => {
        const today = Math.floor(ctx.clock.now().getTime() / DAY_MS) * DAY_MS;
        const from = parseDay(request.query.from, 'from') ?? new Date(today - 29 * DAY_MS);
        const to = parseDay(request.query.to, 'to') ?? new Date(today);
        if (to < from) {
          throw new DocketError('invalid', 'invalid_request', 'to must be the same day as from or later', {
            field: 'to',
          });
        }
        const usage = await ctx.jobs.usage(request.applicationId, from, new Date(to.getTime() + DAY_MS));
        return {
          credits_used: usage.used,
          credit_limit: usage.limit,
          credits_remaining: usage.limit === null ? null : Math.max(0, usage.limit - usage.used),
          days: usage.days,
        };
      },
    );

    app.put(
      '/v1/usage/credit-limit',
      {
        schema: {
          tags,
          summary: 'Set the most credits jobs may use (402 once they are used); null for no limit',
          body: CreditLimitBody,
          response: { 200: CreditLimitBody },
        },
      },
      async (request) => {
        await ctx.jobs.setCreditLimit(request.applicationId, request.body.credit_limit);
        return { credit_limit: request.body.credit_limit };
      },
    );
  };
}

function parseDay(value: string | undefined, field: string): Date | null {
  if (value === undefined) return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new DocketError('invalid', 'invalid_request', `${field} must be a date such as 2026-01-31`, {
      field,
    });
  }
  return date;
}
