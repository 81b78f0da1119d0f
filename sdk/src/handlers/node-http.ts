/**
 * A webhook receiver for plain `node:http` (and anything built on its request and response,
 * such as Express): `http.createServer(nodeWebhook(secret, (event) => …))`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocketWebhookPayload } from '../webhooks/payloads.ts';
import type { WebhookSecret } from '../webhooks/verify.ts';
import {
  answerDelivery,
  DEFAULT_MAX_BODY_BYTES,
  type HandlerAnswer,
  type WebhookHandlerOptions,
  type WebhookListener,
} from './common.ts';

/** A request whose body a framework may already have read (Express's `express.raw()`, `rawBody` plugins). */
type RequestWithBody = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** The raw body, from what a framework kept or from the stream; null when it is over the limit. */
export async function rawBodyOf(
  request: RequestWithBody,
  maxBytes: number,
): Promise<Uint8Array | string | null> {
  for (const kept of [request.rawBody, request.body]) {
    if (kept instanceof Uint8Array || typeof kept === 'string') return kept;
  }
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) return null;
    chunks.push(bytes);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

export function send(response: ServerResponse, answer: HandlerAnswer): void {
  response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(answer.body);
}

/** Verifies and answers one request; used by {@link nodeWebhook} and the Express middleware. */
export async function handleNodeRequest<T>(
  request: RequestWithBody,
  response: ServerResponse,
  secret: WebhookSecret,
  listener: WebhookListener<T>,
  options: WebhookHandlerOptions,
): Promise<void> {
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    send(response, { status: 405, body: 'send webhooks with POST' });
    return;
  }
  const body = await rawBodyOf(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (body === null) {
    send(response, { status: 413, body: 'the webhook body is over the size limit' });
    return;
  }
  send(response, await answerDelivery(body, request.headers, secret, listener, options));
}

/**
 * A `node:http` request listener that verifies each delivery and calls `listener` with its body:
 * 400 missing signature, 401 bad signature or stale timestamp, 500 when `listener` throws, 200 otherwise.
 */
export function nodeWebhook<T = DocketWebhookPayload>(
  secret: WebhookSecret,
  listener: WebhookListener<T>,
  options: WebhookHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handleNodeRequest(request, response, secret, listener, options).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) send(response, { status: 500, body: 'the webhook could not be handled' });
      else response.end();
    });
  };
}
