/**
 * Pre-signed download links for the file blob store: the link carries the blob key, an expiry
 * and the download's name and type, and an HMAC-SHA256 over all of it with a secret only the
 * store holds, so anyone with the link can fetch that one file until it expires, and a changed
 * link (another key, a later expiry) is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DocketError } from '../../core/errors.ts';

/** What a link grants: one blob, until a time, downloaded under a name and type. */
export interface PresignedGrant {
  key: string;
  /** Epoch seconds. */
  expiresAt: number;
  filename: string | null;
  contentType: string | null;
}

interface Payload {
  k: string;
  e: number;
  f?: string;
  t?: string;
}

function mac(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** The token of a link: base64url(JSON payload) "." base64url(HMAC). */
export function signGrant(secret: Uint8Array, grant: PresignedGrant): string {
  const payload: Payload = { k: grant.key, e: grant.expiresAt };
  if (grant.filename) payload.f = grant.filename;
  if (grant.contentType) payload.t = grant.contentType;
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(secret, encoded).toString('base64url')}`;
}

const refused = (code: string, message: string) => new DocketError('forbidden', code, message);

/** The grant a token carries; a 403 `invalid_signature` or `url_expired` DocketError otherwise. */
export function verifyGrant(secret: Uint8Array, token: string, nowMs: number): PresignedGrant {
  const [encoded, signature, extra] = token.split('.');
  const invalid = refused(
    'invalid_signature',
    'this download link is invalid (its signature does not match): use the link exactly as Docket sent it',
  );
  if (!encoded || !signature || extra !== undefined) throw invalid;
  const expected = mac(secret, encoded);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Payload;
  } catch {
    throw invalid;
  }
  if (typeof payload.k !== 'string' || typeof payload.e !== 'number') throw invalid;
  if (nowMs >= payload.e * 1000) {
    throw refused(
      'url_expired',
      `this download link expired at ${new Date(payload.e * 1000).toISOString()}: fetch the document again for a fresh link`,
    );
  }
  return {
    key: payload.k,
    expiresAt: payload.e,
    filename: payload.f ?? null,
    contentType: payload.t ?? null,
  };
}
