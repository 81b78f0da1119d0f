/**
 * Express middleware for Docket webhooks:
 * `app.post('/hook', expressWebhook(secret, (event) => …))`. Mount it before `express.json()`
 * for that path, or after `express.raw({ type: '*\/*' })`: it needs the body as sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocketWebhookPayload } from '../webhooks/payloads.ts';
import type { WebhookSecret } from '../webhooks/verify.ts';
import type { WebhookHandlerOptions, WebhookListener } from './common.ts';
import { handleNodeRequest, send } from './node-http.ts';

/** The parts of Express's request that the middleware reads (so the SDK needs no Express types). */
type ExpressRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

export function expressWebhook<T = DocketWebhookPayload>(
  secret: WebhookSecret,
  listener: WebhookListener<T>,
  options: WebhookHandlerOptions = {},
): (request: ExpressRequest, response: ServerResponse, next: (error?: unknown) => void) => void {
  return (request, response, next) => {
    const parsed =
      request.body !== undefined && !(request.body instanceof Uint8Array) && typeof request.body !== 'string';
    if (parsed && !(request.rawBody instanceof Uint8Array || typeof request.rawBody === 'string')) {
      // express.json() has consumed the bytes the signature is over: a set-up error, not the sender's.
      send(response, {
        status: 500,
        body: 'the body was parsed before verification: mount expressWebhook before express.json(), or use express.raw()',
      });
      return;
    }
    handleNodeRequest(request, response, secret, listener, options).catch(next);
  };
}
