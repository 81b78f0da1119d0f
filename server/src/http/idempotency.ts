/**
 * `Idempotency-Key` on every POST that creates something: the first answer is stored and a
 * repeat gets it back verbatim. A key reused with a different request is refused (422); a repeat
 * while the first is still running waits its turn (409). A reservation left behind by a crashed
 * process is taken over after a minute — the record itself is deduplicated by the same key in
 * the core, so a takeover never makes a second record.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocketError } from '../core/errors.ts';
import type { Clock, Store } from '../core/ports.ts';
import { sentJsonPieces } from './base64-fields.ts';

const STALE_AFTER_MS = 60_000;

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return null;
  if (key.length > 255) {
    throw new DocketError(
      'invalid',
      'invalid_idempotency_key',
      'Idempotency-Key must be at most 255 characters',
    );
  }
  return key;
}

function fingerprintOf(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  if (request.isMultipart()) hash.update(String(request.headers['content-length'] ?? ''));
  // The body as sent: a file field decoded while parsing counts with its text (base64-fields.ts).
  else for (const piece of sentJsonPieces(request.body, request.base64Files)) hash.update(piece);
  return hash.digest('hex');
}

export class IdempotencyGuard {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Runs `handle` at most once per key and sends its answer (or the stored one). */
  async run(
    request: FastifyRequest,
    reply: FastifyReply,
    handle: () => Promise<HttpAnswer>,
  ): Promise<FastifyReply> {
    const key = idempotencyKeyOf(request);
    if (!key) {
      const answer = await handle();
      return reply.status(answer.status).send(answer.body);
    }
    const applicationId = request.applicationId;
    const fingerprint = fingerprintOf(request);
    const now = this.#clock.now();
    const reserved = await this.#store.idempotency.reserve({
      applicationId,
      key,
      fingerprint,
      statusCode: null,
      responseBody: null,
      createdAt: now,
    });
    if (!reserved) {
      const entry = await this.#store.idempotency.get(applicationId, key);
      if (entry && entry.fingerprint !== fingerprint) {
        throw new DocketError(
          'unprocessable',
          'idempotency_key_reused',
          'this Idempotency-Key was already used for a different request: use a new key for a new request',
        );
      }
      if (entry && entry.statusCode !== null && entry.responseBody !== null) {
        return reply
          .status(entry.statusCode)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(entry.responseBody);
      }
      const stale = new Date(now.getTime() - STALE_AFTER_MS);
      if (!(await this.#store.idempotency.takeOver(applicationId, key, stale, now))) {
        throw new DocketError(
          'conflict',
          'request_in_progress',
          'a request with this Idempotency-Key is still being processed: retry in a moment',
        );
      }
    }
    let answer: HttpAnswer;
    try {
      answer = await handle();
    } catch (error) {
      await this.#store.idempotency.release(applicationId, key).catch(() => {});
      throw error;
    }
    await this.#store.idempotency.saveResponse(
      applicationId,
      key,
      answer.status,
      JSON.stringify(answer.body),
    );
    return reply.status(answer.status).send(answer.body);
  }
}
