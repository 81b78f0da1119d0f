/** The native API over records: `POST /v1/records` (JSON or multipart), `GET /v1/records[/{id}]`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { RECORD_STATUSES, type RecordStatus } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import { stringFields } from '../../http/body-checks.ts';
import { answerUpload, findRecord, type HttpContext, submitFor } from '../../http/context.ts';
import { decodeBase64, readMultipart, type Upload } from '../../http/upload.ts';
import { renderRecord } from './render.ts';
import { RecordPageSchema, RecordSchema } from './schemas.ts';

const JsonUpload = Type.Object({
  kind: Type.String({ description: 'text, lab_report, nutrition, …' }),
  body: Type.Optional(
    Type.String({ description: 'The file, base64-encoded (JSON requests; multipart sends a file part)' }),
  ),
  mime_type: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  application_user_id: Type.Optional(Type.String()),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  wait_on_process: Type.Optional(Type.Boolean()),
});

const ListQuery = Type.Object({
  kind: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union(RECORD_STATUSES.map((s) => Type.Literal(s)))),
  created_after: Type.Optional(Type.String({ format: 'date-time' })),
  created_before: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

/** Multipart uploads are read before validation; their file waits here for the handler. */
const multipartFiles = new WeakMap<FastifyRequest, Upload>();

/** Turns a multipart form into the same body shape the JSON variant has, so one schema validates both. */
async function readMultipartForm(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const upload = await readMultipart(request, ['file']);
  const { options, ...fields } = upload.fields;
  let parsedOptions: unknown;
  if (options !== undefined) {
    try {
      parsedOptions = JSON.parse(options);
    } catch {
      throw new DocketError('invalid', 'invalid_json', 'options must be a JSON object', { field: 'options' });
    }
  }
  multipartFiles.set(request, upload);
  request.body = { ...fields, ...(parsedOptions === undefined ? {} : { options: parsedOptions }) };
}

function fileOf(request: FastifyRequest, body: Static<typeof JsonUpload>): Upload {
  const multipart = multipartFiles.get(request);
  if (multipart) return { ...multipart, declaredMimeType: body.mime_type ?? multipart.declaredMimeType };
  if (body.body === undefined) {
    throw new DocketError(
      'invalid',
      'invalid_request',
      'missing required field: body (the file, base64-encoded)',
      {
        field: 'body',
      },
    );
  }
  const { bytes, mimeType } = decodeBase64(body.body, 'body', request.base64Files);
  return { bytes, declaredMimeType: body.mime_type ?? mimeType, filename: null, fields: {} };
}

function parseDate(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DocketError('invalid', 'invalid_request', `${field} must be an ISO 8601 date-time`, { field });
  }
  return date;
}

export function recordRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/records',
      {
        schema: {
          tags: ['records'],
          summary: 'Upload a file for analysis (JSON with base64 body, or multipart with a file part)',
          body: JsonUpload,
          response: { 202: RecordSchema, 200: RecordSchema },
        },
        config: { bodyTypes: ['application/json', 'multipart/form-data'], base64Fields: ['body'] },
        preValidation: [
          readMultipartForm,
          stringFields(['application_user_id', 'filename', 'mime_type', 'kind']),
        ],
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          const body = request.body;
          const file = fileOf(request, body);
          const record = await submitFor(ctx, request, {
            kind: body.kind,
            bytes: file.bytes,
            declaredMimeType: file.declaredMimeType,
            filename: body.filename ?? file.filename,
            applicationUserId: body.application_user_id ?? null,
            options: body.options ?? {},
          });
          return answerUpload(ctx, record, body.wait_on_process, renderRecord, renderRecord);
        }),
    );

    app.get(
      '/v1/records/:id',
      {
        schema: {
          tags: ['records'],
          summary: 'Get a record',
          params: Type.Object({ id: Type.String() }),
          response: { 200: RecordSchema },
        },
      },
      async (request) => renderRecord(await findRecord(ctx, request, request.params.id, null, 'record')),
    );

    app.get(
      '/v1/records',
      {
        schema: {
          tags: ['records'],
          summary: 'List records, newest first',
          querystring: ListQuery,
          response: { 200: RecordPageSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await ctx.store.records.list({
          applicationId: request.applicationId,
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.status ? { status: q.status as RecordStatus } : {}),
          ...(q.created_after ? { createdAfter: parseDate(q.created_after, 'created_after')! } : {}),
          ...(q.created_before ? { createdBefore: parseDate(q.created_before, 'created_before')! } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: q.limit ?? 50,
        });
        return { data: page.items.map(renderRecord), next_cursor: page.nextCursor };
      },
    );
  };
}
