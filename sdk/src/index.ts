/**
 * `@docket/sdk`: a typed client for Docket's API and webhook verification, on fetch and Web
 * Crypto only, for Node 18+, browsers and edge runtimes. Node-only helpers (the `node:http`
 * receiver) are in `@docket/sdk/node`; framework handlers in `@docket/sdk/express` and
 * `@docket/sdk/fastify`.
 */
export type { OAuthCredentials } from './auth.ts';
export { Docket, type DocketOptions } from './client.ts';
export {
  DocketApiError,
  DocketAuthError,
  DocketConflictError,
  DocketConnectionError,
  DocketError,
  DocketNotFoundError,
  DocketPayloadTooLargeError,
  DocketRateLimitError,
  DocketServerError,
  DocketTimeoutError,
  DocketUnsupportedMediaTypeError,
  DocketValidationError,
} from './errors.ts';
export type { paths } from './generated/openapi.ts';
export { answerDelivery, type WebhookHandlerOptions, type WebhookListener } from './handlers/common.ts';
export { PageIterator } from './pagination.ts';
export type { Body, Ok, Path, Paths, Query } from './paths.ts';
export type { EventStream, StreamOptions } from './resources/events.ts';
export { isFinished, type SubmitOptions, type WaitOptions } from './resources/records.ts';
export type { RetryOptions } from './retry.ts';
export type * from './types.ts';
export type { FileInput } from './upload.ts';
export * from './webhooks/payloads.ts';
export {
  generateWebhookSecret,
  type SignInput,
  signWebhook,
  type VerifiedWebhook,
  type VerifyOptions,
  verifyWebhook,
  verifyWebhookDelivery,
  type WebhookFailureReason,
  type WebhookHeaders,
  type WebhookSecret,
  WebhookVerificationError,
} from './webhooks/verify.ts';
