/**
 * What every framework handler does with a delivery: verify it, hand the event to your code,
 * and answer as the seed receivers do — 400 when a signature is missing (or the body is not
 * JSON), 401 when it does not verify (bad signature, wrong key, stale timestamp), 500 when your
 * code throws (so Docket retries), 200 otherwise.
 */
import type { DocketWebhookPayload } from '../webhooks/payloads.ts';
import {
  type VerifiedWebhook,
  type VerifyOptions,
  verifyWebhookDelivery,
  type WebhookHeaders,
  type WebhookSecret,
  WebhookVerificationError,
} from '../webhooks/verify.ts';

/** Your code: runs once the delivery verified. Keep it short (Docket waits at most its timeout, 5 s by default). */
export type WebhookListener<T> = (payload: T, delivery: Omit<VerifiedWebhook<T>, 'payload'>) => unknown;

export interface WebhookHandlerOptions extends VerifyOptions {
  /** Bodies larger than this are refused with 413 before they are read whole. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Told of errors thrown by your listener (the answer is 500 either way). */
  onError?: (error: unknown) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The answer a handler sends. */
export interface HandlerAnswer {
  status: number;
  body: string;
}

export async function answerDelivery<T = DocketWebhookPayload>(
  rawBody: Uint8Array | string,
  headers: WebhookHeaders,
  secret: WebhookSecret,
  listener: WebhookListener<T>,
  options: WebhookHandlerOptions = {},
): Promise<HandlerAnswer> {
  let verified: VerifiedWebhook<T>;
  try {
    verified = await verifyWebhookDelivery<T>(rawBody, headers, secret, options);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    const status = error.reason === 'missing_signature' || error.reason === 'invalid_body' ? 400 : 401;
    return { status, body: `${error.reason}: ${error.message}` };
  }
  try {
    const { payload, ...delivery } = verified;
    await listener(payload, delivery);
  } catch (error) {
    options.onError?.(error);
    return { status: 500, body: 'the webhook listener failed' };
  }
  return { status: 200, body: 'OK' };
}
