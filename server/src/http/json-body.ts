/**
 * The JSON body parser for every route.
 *
 * Fastify's default parser is secure-json-parse, which scans the whole request text with two
 * regular expressions for `__proto__` and `constructor` before parsing it. For a base64 upload
 * that scan costs almost as much as the parse (≈ 80 µs for 100 KB) and looks only at file bytes.
 * This parser parses once and walks the parsed object instead, with secure-json-parse's rule
 * (a `__proto__` key, or a `constructor` key holding an object with `prototype`): the same
 * refusal of prototype-poisoning keys, at the cost of walking a few keys, and the refusal names
 * the key and where it is.
 */
import { errorCodes, type FastifyInstance } from 'fastify';
import { DocketError } from '../core/errors.ts';

const has = (node: object, key: string) => Object.hasOwn(node, key);

/** The path (`options.constructor`) of the first prototype-poisoning key, breadth first; `null` for none. */
export function findPoisonedKey(value: object): string | null {
  let next: Array<{ node: object; path: string }> = [{ node: value, path: '' }];
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (next.length) {
    const nodes = next;
    next = [];
    for (const { node, path } of nodes) {
      if (has(node, '__proto__')) return at(path, '__proto__');
      const ctor = (node as { constructor?: unknown }).constructor;
      if (has(node, 'constructor') && ctor !== null && typeof ctor === 'object' && has(ctor, 'prototype')) {
        return at(path, 'constructor');
      }
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child && typeof child === 'object') next.push({ node: child, path: at(path, key) });
      }
    }
  }
  return null;
}

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
    } catch {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      return;
    }
    // Only objects and arrays can carry keys; a bare string or number is returned as is.
    const poisoned = value !== null && typeof value === 'object' ? findPoisonedKey(value) : null;
    if (poisoned !== null) {
      const key = poisoned.slice(poisoned.lastIndexOf('.') + 1);
      done(
        new DocketError(
          'invalid',
          'forbidden_json_key',
          `the JSON key ${JSON.stringify(key)} (at ${poisoned}) is refused: it could alter object prototypes; rename or remove it`,
          { key, path: poisoned },
        ),
        undefined,
      );
      return;
    }
    done(null, value);
  });
}
