/**
 * Checks on a request body that run before Fastify's schema validation, so a careless or hostile
 * client learns what to fix instead of a generic "body must be object":
 *
 * - routes say which body types they take (`config.bodyTypes`); anything else is a 415 naming
 *   them, before the body is read;
 * - fields that hold the client's own identifiers must arrive as JSON strings: the schema
 *   validator coerces numbers to strings, which would silently store `7` as `"7"`.
 */
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { DocketError } from '../core/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Media types the route's body may have (`application/json`, `multipart/form-data`). */
    bodyTypes?: readonly string[];
  }
}

/** The media type of a request, lower-case, without parameters; `null` when it sent none. */
export function mediaTypeOf(request: FastifyRequest): string | null {
  const header = request.headers['content-type'];
  if (typeof header !== 'string' || header.trim() === '') return null;
  return header.split(';')[0]!.trim().toLowerCase();
}

/** The 415 for a body type the route does not take, naming the ones it does. */
export function unsupportedBodyType(got: string | null, accepted: readonly string[]): DocketError {
  const list = accepted.join(' or ');
  const hint = accepted.includes('multipart/form-data')
    ? ''
    : ' (this route takes the file base64-encoded in the JSON field body)';
  return new DocketError(
    'unsupported_media',
    'unsupported_content_type',
    `this route takes ${list}${hint}; the request was ${got ?? 'sent without a content-type'}`,
    { accepted_content_types: [...accepted], ...(got ? { content_type: got } : {}) },
  );
}

/** Refuses bodies of a type the route did not declare in `config.bodyTypes`, before reading them. */
export function registerBodyTypeCheck(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const accepted = request.routeOptions.config?.bodyTypes;
    if (!accepted) return payload;
    const type = mediaTypeOf(request);
    if (type !== null && !accepted.includes(type)) throw unsupportedBodyType(type, accepted);
    return payload;
  });
}

/**
 * Fields that must be JSON strings when present: a number or boolean is refused with 400 rather
 * than coerced by the schema validator.
 */
export function stringFields(fields: readonly string[]): preValidationAsyncHookHandler {
  return async (request) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    for (const field of fields) {
      const value = (body as Record<string, unknown>)[field];
      if (value === undefined || value === null || typeof value === 'string') continue;
      throw new DocketError(
        'invalid',
        'invalid_request',
        `${field} must be a string, not a ${typeof value}: send it in quotes, e.g. "${field}": "${String(value)}"`,
        { field },
      );
    }
  };
}
