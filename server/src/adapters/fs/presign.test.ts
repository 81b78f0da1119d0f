import { describe, expect, it } from 'vitest';
import { signGrant, verifyGrant } from './presign.ts';

const secret = Buffer.alloc(32, 7);
const grant = {
  key: 'uploads/app/doc',
  expiresAt: 1_700_003_600,
  filename: 'letter.pdf',
  contentType: 'application/pdf',
};

describe('pre-signed grants', () => {
  it('verify until they expire, then refuse with url_expired', () => {
    const token = signGrant(secret, grant);
    expect(verifyGrant(secret, token, 1_700_000_000_000)).toEqual(grant);
    expect(() => verifyGrant(secret, token, 1_700_003_600_000)).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'url_expired' }),
    );
  });

  it('refuse a changed payload, a changed signature, another secret, and garbage', () => {
    const token = signGrant(secret, grant);
    const [payload, signature] = token.split('.') as [string, string];
    const later = Buffer.from(JSON.stringify({ k: grant.key, e: grant.expiresAt + 3600 })).toString(
      'base64url',
    );
    const otherKey = signGrant(secret, { ...grant, key: 'uploads/app/other' }).split('.')[0];
    for (const bad of [
      `${later}.${signature}`,
      `${otherKey}.${signature}`,
      `${payload}.${signature.slice(0, -2)}AA`,
      signGrant(Buffer.alloc(32, 8), grant),
      'not-a-token',
      `${payload}.${signature}.x`,
    ]) {
      expect(() => verifyGrant(secret, bad, 1_700_000_000_000)).toThrow(
        expect.objectContaining({ kind: 'forbidden', code: 'invalid_signature' }),
      );
    }
  });
});
