/**
 * Verifying (and, for tests and `docket listen`, making) Docket's webhook signatures with Web
 * Crypto, so it runs in Node, browsers' workers and edge runtimes alike. Docket signs every
 * delivery twice over the raw body:
 *
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` (one
 *   per active key during a rotation, space-separated), HMAC-SHA256 over `id.timestamp.body`
 *   keyed with the base64-decoded part of the `whsec_…` secret. Carries a timestamp, so replays
 *   of old deliveries are refused.
 * - `x-body-signature`: hex HMAC-SHA256 over the body, keyed with the `whsec_…` string's bytes as
 *   printed (the seed receivers' scheme). No timestamp.
 *
 * When the Standard Webhooks headers are present they decide, so an old delivery cannot be
 * replayed on the strength of its timestamp-free body signature; `x-body-signature` alone is
 * accepted only from senders that send nothing else.
 */
import { DocketError } from '../errors.ts';
import { fromBase64, fromHex, randomBytes, subtleCrypto, toBase64, toHex, utf8 } from '../runtime.ts';
import type { DocketWebhookPayload } from './payloads.ts';

/** Why a webhook was refused. */
export type WebhookFailureReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_timestamp'
  | 'invalid_secret'
  | 'invalid_body';

/** The webhook did not verify; `reason` says why (the message never contains key material). */
export class WebhookVerificationError extends DocketError {
  override name = 'WebhookVerificationError';
  readonly reason: WebhookFailureReason;

  constructor(reason: WebhookFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Request headers as Fetch, Node (`IncomingHttpHeaders`) or a plain object has them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** A webhook secret (`whsec_…` as printed), or several while you rotate yours. */
export type WebhookSecret = string | readonly string[];

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** The time to check the timestamp against. Default: now. */
  now?: Date;
}

/** A verified delivery: its parsed body and what the headers said. */
export interface VerifiedWebhook<T> {
  payload: T;
  /** `webhook-id`: the event id, the same on every retry (dedupe on it); null for body-signature-only senders. */
  id: string | null;
  /** `webhook-timestamp`, when sent. */
  timestamp: Date | null;
  /** Which signature verified. */
  scheme: 'standard-webhooks' | 'x-body-signature';
}

const PREFIX = 'whsec_';

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return utf8(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

async function hmacKey(secret: Uint8Array, usage: 'sign' | 'verify') {
  const subtle = await subtleCrypto();
  return subtle.importKey(
    'raw',
    secret as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

/** The Standard Webhooks key: the base64 after `whsec_` (or the whole secret, as standardwebhooks reads one without it). */
function standardKey(secret: string): Uint8Array | null {
  return fromBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** subtle.verify compares in constant time. */
async function matches(key: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const subtle = await subtleCrypto();
  return subtle.verify(
    'HMAC',
    await hmacKey(key, 'verify'),
    signature as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
}

async function verifyStandard(
  secrets: readonly string[],
  body: Uint8Array,
  id: string,
  timestampText: string,
  signatures: string,
  options: VerifyOptions,
): Promise<Date> {
  if (!/^\d+$/.test(timestampText)) {
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a number of seconds');
  }
  const timestamp = Number(timestampText);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (timestamp < now - tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `webhook-timestamp is more than ${tolerance} s old`,
    );
  }
  if (timestamp > now + tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_new',
      `webhook-timestamp is more than ${tolerance} s ahead`,
    );
  }
  const keys = secrets.map(standardKey);
  if (keys.every((k) => k === null)) {
    throw new WebhookVerificationError('invalid_secret', 'the secret is not whsec_ followed by base64');
  }
  const signed = concat(utf8(`${id}.${timestampText}.`), body);
  const candidates = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => fromBase64(s.slice(3)))
    .filter((s): s is Uint8Array => s !== null);
  for (const key of keys) {
    if (!key) continue;
    for (const candidate of candidates)
      if (await matches(key, signed, candidate)) return new Date(timestamp * 1000);
  }
  throw new WebhookVerificationError('invalid_signature', 'no webhook-signature matches the secret');
}

/**
 * Checks a delivery's signatures over its raw body and returns the parsed body with the
 * delivery's id and timestamp. Throws {@link WebhookVerificationError} otherwise.
 */
export async function verifyWebhookDelivery<T = DocketWebhookPayload>(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  secret: WebhookSecret,
  options: VerifyOptions = {},
): Promise<VerifiedWebhook<T>> {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new WebhookVerificationError('invalid_secret', 'a webhook secret is required');
  }
  const body = bytesOf(rawBody);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  const bodySignature = header(headers, 'x-body-signature');
  let verified: Omit<VerifiedWebhook<T>, 'payload'>;
  if (signature !== undefined || timestamp !== undefined || id !== undefined) {
    if (!signature || !timestamp || !id) {
      throw new WebhookVerificationError(
        'missing_signature',
        'webhook-id, webhook-timestamp and webhook-signature must all be present',
      );
    }
    const at = await verifyStandard(secrets, body, id, timestamp, signature, options);
    verified = { id, timestamp: at, scheme: 'standard-webhooks' };
  } else if (bodySignature !== undefined) {
    const expected = fromHex(bodySignature.trim());
    let ok = false;
    for (const s of secrets) if (expected && (await matches(utf8(s), body, expected))) ok = true;
    if (!ok)
      throw new WebhookVerificationError('invalid_signature', 'x-body-signature does not match the secret');
    verified = { id: null, timestamp: null, scheme: 'x-body-signature' };
  } else {
    throw new WebhookVerificationError('missing_signature', 'the request carries no webhook signature');
  }
  let payload: T;
  try {
    payload = JSON.parse(new TextDecoder().decode(body)) as T;
  } catch {
    throw new WebhookVerificationError('invalid_body', 'the signed body is not JSON');
  }
  return { payload, ...verified };
}

/**
 * Verifies a Docket webhook and returns its typed body. Pass the raw body exactly as received
 * (bytes or the undecoded string), not a re-serialised JSON object.
 */
export async function verifyWebhook<T = DocketWebhookPayload>(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  secret: WebhookSecret,
  options: VerifyOptions = {},
): Promise<T> {
  return (await verifyWebhookDelivery<T>(rawBody, headers, secret, options)).payload;
}

/** What {@link signWebhook} signs. */
export interface SignInput {
  body: string | Uint8Array;
  /** `webhook-id`: the event id. */
  id: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Signing keys, newest first: each adds a `v1,` signature; the newest also signs `x-body-signature`. */
  secret: WebhookSecret;
}

/** The headers Docket sends with a delivery, made the way Docket makes them. */
export async function signWebhook(input: SignInput): Promise<Record<string, string>> {
  const secrets = typeof input.secret === 'string' ? [input.secret] : [...input.secret];
  if (secrets.length === 0) throw new TypeError('signWebhook needs a secret');
  const subtle = await subtleCrypto();
  const body = bytesOf(input.body);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const signed = concat(utf8(`${input.id}.${timestamp}.`), body);
  const signatures: string[] = [];
  for (const secret of secrets) {
    const key = standardKey(secret);
    if (!key) throw new TypeError('a webhook secret must be whsec_ followed by base64');
    const mac = new Uint8Array(
      await subtle.sign('HMAC', await hmacKey(key, 'sign'), signed as Uint8Array<ArrayBuffer>),
    );
    signatures.push(`v1,${toBase64(mac)}`);
  }
  const bodyMac = await subtle.sign(
    'HMAC',
    await hmacKey(utf8(secrets[0]!), 'sign'),
    body as Uint8Array<ArrayBuffer>,
  );
  return {
    'x-body-signature': toHex(new Uint8Array(bodyMac)),
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}

/** A fresh `whsec_` secret (32 random bytes), e.g. for `docket listen` sessions and tests. */
export function generateWebhookSecret(): string {
  return `${PREFIX}${toBase64(randomBytes(32))}`;
}
