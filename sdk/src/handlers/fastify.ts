/**
 * A Fastify plugin that receives Docket webhooks on one route:
 * `app.register(fastifyWebhook(secret, (event) => …, { path: '/hook' }))`. It reads that route's
 * body as raw bytes in its own encapsulated context, so the rest of the app keeps its parsers.
 */
import type { DocketWebhookPayload } from '../webhooks/payloads.ts';
import type { WebhookHeaders, WebhookSecret } from '../webhooks/verify.ts';
import {
  answerDelivery,
  DEFAULT_MAX_BODY_BYTES,
  type WebhookHandlerOptions,
  type WebhookListener,
} from './common.ts';

/** The parts of Fastify the plugin uses (so the SDK needs no Fastify types). */
export interface FastifyLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: 'buffer'; bodyLimit?: number },
    parser: (request: unknown, body: Uint8Array, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  post(
    path: string,
    handler: (
      request: { body: unknown; headers: WebhookHeaders },
      reply: FastifyReplyLike,
    ) => Promise<unknown>,
  ): unknown;
}

export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  type(contentType: string): FastifyReplyLike;
  send(body: string): FastifyReplyLike;
}

export interface FastifyWebhookOptions extends WebhookHandlerOptions {
  /** The route. Default `/webhooks/docket`. */
  path?: string;
}

export function fastifyWebhook<T = DocketWebhookPayload>(
  secret: WebhookSecret,
  listener: WebhookListener<T>,
  options: FastifyWebhookOptions = {},
): (instance: FastifyLike) => Promise<void> {
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
      (_request, body, done) => done(null, body),
    );
    instance.post(options.path ?? '/webhooks/docket', async (request, reply) => {
      const body = request.body instanceof Uint8Array ? request.body : new Uint8Array();
      const answer = await answerDelivery(body, request.headers, secret, listener, options);
      return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body);
    });
  };
}
