/**
 * One error body everywhere: `{ error: { code, message, details? } }`, with the status that fits.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DocketError, type ErrorKind } from '../core/errors.ts';
import { mediaTypeOf, unsupportedBodyType } from './body-checks.ts';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code' }),
      message: Type.String({ description: 'What went wrong and what to do about it' }),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'Error' },
);

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  payment_required: 402,
};

function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** Turns Fastify's validation output into "which field, what is wrong". */
function describeValidation(error: FastifyError): { message: string; details: Record<string, unknown> } {
  const problems = (error.validation ?? []).map((v) => {
    const where = `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`;
    if (v.keyword === 'required') {
      const field = String((v.params as { missingProperty?: string }).missingProperty);
      return { field: `${where}.${field}`.replace(/^body\./, ''), problem: 'is required' };
    }
    if (v.keyword === 'additionalProperties') {
      const field = String((v.params as { additionalProperty?: string }).additionalProperty);
      return { field: `${where}.${field}`.replace(/^body\./, ''), problem: 'is not a known field' };
    }
    return { field: where.replace(/^body\.?/, '') || where, problem: v.message ?? 'is invalid' };
  });
  const missing = problems.filter((p) => p.problem === 'is required').map((p) => p.field);
  const message = missing.length
    ? `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
    : problems.map((p) => `${p.field} ${p.problem}`).join('; ');
  return { message, details: { problems } };
}

/**
 * What is wrong with a multipart body the parser gave up on (busboy's errors carry no code), or
 * `null` when the error is not one of those.
 */
function malformedMultipart(error: Error): string | null {
  const text = error.message;
  if (/boundary not found/i.test(text)) {
    return 'the multipart/form-data content-type has no boundary: send content-type: multipart/form-data; boundary=… (HTTP clients add it when they build the form)';
  }
  if (/unexpected end of (form|multipart)|part terminated early/i.test(text)) {
    return 'the multipart body ends before its closing boundary: the upload was cut short; send the whole form again';
  }
  if (/malformed (part )?header|multipart:/i.test(text)) {
    return `the multipart body is malformed (${text}): send a well-formed multipart/form-data form`;
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance, maxUploadBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DocketError) {
      // Backpressure and rate limits say when to come back, in the header clients honour.
      const retryAfter = error.details?.retry_after_seconds;
      if (typeof retryAfter === 'number' && !reply.hasHeader('retry-after')) {
        reply.header('retry-after', String(retryAfter));
      }
      return reply.status(STATUS[error.kind]).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const { message, details } = describeValidation(error);
      return reply.status(400).send(errorBody('invalid_request', message, details));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply
          .status(400)
          .send(errorBody('invalid_json', `the request body is not valid JSON: ${error.message}`));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return reply
          .status(413)
          .send(
            errorBody(
              'file_too_large',
              `the upload is larger than the limit of ${maxUploadBytes} bytes (DOCKET_MAX_UPLOAD_BYTES)`,
              { limit_bytes: maxUploadBytes },
            ),
          );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
        const accepted = request.routeOptions.config?.bodyTypes ?? [
          'application/json',
          'multipart/form-data',
        ];
        const refusal = unsupportedBodyType(mediaTypeOf(request), accepted);
        return reply.status(415).send(errorBody(refusal.code, refusal.message, refusal.details));
      }
      case 'FST_FILES_LIMIT':
        return reply
          .status(400)
          .send(
            errorBody(
              'too_many_files',
              'send one file per request: this form has more than one file part (a ZIP carries many files in one upload)',
              { max_files: 1 },
            ),
          );
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return reply
          .status(400)
          .send(
            errorBody(
              'too_many_fields',
              'the multipart form has too many parts: send one file and its fields',
            ),
          );
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply
          .status(415)
          .send(errorBody('unsupported_content_type', 'send a multipart/form-data body'));
    }
    const multipart = malformedMultipart(error);
    if (multipart) return reply.status(400).send(errorBody('invalid_multipart', multipart));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody(error.code ?? 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(errorBody('internal_error', 'Docket hit an unexpected error; it has been logged'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorBody('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
