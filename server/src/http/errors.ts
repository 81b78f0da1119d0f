/**
 * One error body everywhere: `{ error: { code, message, details? } }`, with the status that fits.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DocketError, type ErrorKind } from '../core/errors.ts';

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
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  payment_required: 402,
  gone: 410,
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

export function registerErrorHandling(app: FastifyInstance, maxUploadBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DocketError) {
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
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send(errorBody('unsupported_content_type', 'send application/json or multipart/form-data'));
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply
          .status(415)
          .send(errorBody('unsupported_content_type', 'send a multipart/form-data body'));
    }
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
