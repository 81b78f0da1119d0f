/**
 * Webhook request signing.
 *
 * Every delivery carries two independent signatures over the same raw body:
 *
 * - `x-body-signature`: hex HMAC-SHA256 over the raw body, keyed with the WHOLE signing key string
 *   (`whsec_...`, utf-8 bytes). This is exactly what the receivers in the seed documentation compute
 *   (`hmac.New(sha256.New, []byte(webhookSignatureKey))` with the key pasted from the console).
 * - Standard Webhooks (https://www.standardwebhooks.com/): `webhook-id`, `webhook-timestamp` and
 *   `webhook-signature: v1,<base64>` over `${id}.${timestamp}.${body}`, keyed with the base64-DECODED
 *   part after `whsec_`. During a key rotation every active key contributes one `v1,` signature,
 *   space-separated, so receivers holding either key verify.
 *
 * Pure functions over node:crypto; no clock or randomness is read here except in
 * {@link generateSigningKey}.
 */
import { createHmac } from 'node:crypto';
import { generateSigningKey, SIGNING_KEY_PREFIX } from '../core/signing-keys.ts';

// Keys belong to applications, so the core makes them; signing only reads them.
export { generateSigningKey, SIGNING_KEY_PREFIX };

/** Standard Webhooks recommends secrets between 24 and 64 bytes; Docket generates 32. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** Raw request body exactly as it will be sent on the wire. */
export type WebhookBody = string | Uint8Array;

/** Input of {@link signWebhook}. */
export interface SignWebhookInput {
  /** Raw body bytes (or a string, encoded as utf-8) exactly as sent. */
  body: WebhookBody;
  /** Event id, sent as `webhook-id`; stays the same across retries so receivers can dedupe. */
  id: string;
  /** Unix time in whole seconds, sent as `webhook-timestamp` (set per attempt). */
  timestamp: number;
  /**
   * Active signing keys of the application, NEWEST FIRST. More than one only during a rotation
   * window: all of them sign `webhook-signature`; only the newest signs `x-body-signature`.
   */
  keys: readonly string[];
}

/**
 * Headers produced by {@link signWebhook}; all names are lower-case. A type alias rather than an
 * interface so it is assignable to `Record<string, string>` header maps.
 */
export type WebhookSignatureHeaders = {
  /** Hex HMAC-SHA256 of the raw body keyed with the whole newest `whsec_...` string (seed format). */
  'x-body-signature': string;
  /** Event id (Standard Webhooks `webhook-id`). */
  'webhook-id': string;
  /** Unix seconds as a decimal string (Standard Webhooks `webhook-timestamp`). */
  'webhook-timestamp': string;
  /** Space-separated `v1,<base64>` signatures, one per active key (Standard Webhooks). */
  'webhook-signature': string;
};

/** Thrown for malformed keys, ids or timestamps; never contains key material. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/**
 * Decodes the secret part of a `whsec_<base64>` key, validating its shape and length.
 * Node's base64 decoder silently skips invalid characters, so the alphabet is checked first.
 */
export function decodeSigningKey(key: string): Buffer {
  if (typeof key !== 'string' || !key.startsWith(SIGNING_KEY_PREFIX)) {
    throw new SigningKeyError(`signing key must start with "${SIGNING_KEY_PREFIX}"`);
  }
  const encoded = key.slice(SIGNING_KEY_PREFIX.length);
  if (!BASE64_RE.test(encoded) || encoded.length % 4 !== 0) {
    throw new SigningKeyError(`signing key must be "${SIGNING_KEY_PREFIX}" followed by standard base64`);
  }
  const secret = Buffer.from(encoded, 'base64');
  if (secret.length < MIN_KEY_BYTES || secret.length > MAX_KEY_BYTES) {
    throw new SigningKeyError(
      `signing key must decode to ${MIN_KEY_BYTES}..${MAX_KEY_BYTES} bytes (got ${secret.length})`,
    );
  }
  return secret;
}

/** True when `key` is a well-formed `whsec_<base64>` signing key. */
export function isValidSigningKey(key: string): boolean {
  try {
    decodeSigningKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Seed-compatible body signature: hex HMAC-SHA256(utf-8 bytes of the whole key string, raw body). */
export function bodySignature(key: string, body: WebhookBody): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(body).digest('hex');
}

/** One Standard Webhooks signature: `v1,` + base64 HMAC-SHA256(decoded key, `${id}.${timestamp}.${body}`). */
function standardSignature(key: string, id: string, timestamp: number, body: WebhookBody): string {
  const mac = createHmac('sha256', decodeSigningKey(key)).update(`${id}.${timestamp}.`).update(body);
  return `v1,${mac.digest('base64')}`;
}

/**
 * Produces all signature headers for one delivery attempt.
 * Throws {@link SigningKeyError} when there is no key, a key is malformed, the id is not a
 * printable ASCII token, or the timestamp is not a non-negative whole number of seconds.
 */
export function signWebhook(input: SignWebhookInput): WebhookSignatureHeaders {
  const { body, id, timestamp, keys } = input;
  if (keys.length === 0) throw new SigningKeyError('at least one signing key is required');
  // Ids are opaque to Standard Webhooks, but spaces, control and non-ASCII characters would not
  // survive as an HTTP header value byte-for-byte, and receivers sign the header value.
  if (id.length === 0 || id.length > 256 || !/^[\x21-\x7e]+$/.test(id)) {
    throw new SigningKeyError('webhook id must be 1..256 printable ASCII characters');
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new SigningKeyError('webhook timestamp must be a non-negative integer number of seconds');
  }
  const newest = keys[0]!;
  // Encode a string body once instead of once per HMAC.
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    'x-body-signature': bodySignature(newest, bytes),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': keys.map((key) => standardSignature(key, id, timestamp, bytes)).join(' '),
  };
}
