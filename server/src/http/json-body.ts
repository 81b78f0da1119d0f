/**
 * The JSON body parser for every route.
 *
 * Fastify's default parser is secure-json-parse, which scans the whole request text with two
 * regular expressions for `__proto__` and `constructor` before parsing it. For a base64 upload
 * that scan costs almost as much as the parse (≈ 80 µs for 100 KB) and looks only at file bytes.
 * This parser parses once and scans the parsed object instead, with secure-json-parse's own
 * `scan`: the same refusal of prototype-poisoning keys, at the cost of walking a few keys.
 */
import { errorCodes, type FastifyInstance } from 'fastify';
import { scan } from 'secure-json-parse';

const POISONING = { protoAction: 'error', constructorAction: 'error' } as const;

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) {
      done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
      // Only objects and arrays can carry keys; a bare string or number is returned as is.
      if (value !== null && typeof value === 'object') scan(value, POISONING);
    } catch {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      return;
    }
    done(null, value);
  });
}
