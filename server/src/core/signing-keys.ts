import { randomBytes } from 'node:crypto';

/** Prefix of every webhook signing key (the Standard Webhooks convention). */
export const SIGNING_KEY_PREFIX = 'whsec_';

/** Returns a new signing key: `whsec_` + base64 of 32 random bytes. */
export function generateSigningKey(): string {
  return SIGNING_KEY_PREFIX + randomBytes(32).toString('base64');
}
