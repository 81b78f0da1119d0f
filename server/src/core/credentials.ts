/**
 * Applications, API keys and webhook signing keys. API keys are random, shown once, and stored
 * only as SHA-256 hashes; the signing key must stay readable because Docket signs with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, SigningKey } from './domain.ts';
import { DocketError } from './errors.ts';
import { newId } from './ids.ts';
import type { Clock, Store } from './ports.ts';
import { type Principal, parseScopes } from './scopes.ts';
import { generateSigningKey } from './signing-keys.ts';
import { TtlCache } from './ttl-cache.ts';

function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function generateApiKey(): string {
  return `dk_${randomBytes(24).toString('base64url')}`;
}

/** What a new application's owner must be told once. */
export interface NewApplicationCredentials {
  application_id: string;
  /** The application's stable integer id: seed 001's webhooks send it as `application_id`. */
  application_number: number;
  api_key: string;
  webhook_signature_key: string;
}

/**
 * How long a verified key is trusted without asking the store again. Authentication is on every
 * request's path; a short cache removes a query from each, at the price of a revoked key
 * working for up to this long in processes that saw it recently.
 */
const KEY_CACHE_MS = 10_000;

/** After a rotation the previous signing key keeps signing this long, so receivers can switch over. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** A fresh API key (shown once) and the row that stores only its hash. */
function newApiKey(
  applicationId: string,
  name: string,
  now: Date,
  scopes: string[] | null = null,
): { apiKey: string; row: ApiKey } {
  const apiKey = generateApiKey();
  const row = {
    id: newId(),
    applicationId,
    prefix: apiKey.slice(0, 8),
    hash: hashApiKey(apiKey),
    name,
    scopes,
    createdAt: now,
    revokedAt: null,
  };
  return { apiKey, row };
}

/** A signing key signs until it expires; the current one has no expiry. */
function isActive(key: SigningKey, now: Date): boolean {
  return key.expiresAt === null || key.expiresAt > now;
}

export class CredentialService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #verified: TtlCache<string, Principal>;
  readonly #signingKeys: TtlCache<string, string[]>;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.#verified = new TtlCache(KEY_CACHE_MS, clock);
    // Signing keys are read for every delivery; a rotation is seen within a few seconds, well
    // inside the 24 h both keys sign.
    this.#signingKeys = new TtlCache(5_000, clock);
  }

  /** Creates an application with a fresh API key and signing key; `id` is a new id unless given. */
  async createApplication(name: string, id: string = newId()): Promise<NewApplicationCredentials> {
    const now = this.#clock.now();
    const signingKey = generateSigningKey();
    const { apiKey, row } = newApiKey(id, 'default', now);
    const app = await this.#store.transaction(async (tx) => {
      const inserted = await tx.applications.insert(
        { id, name, createdAt: now },
        { key: signingKey, createdAt: now, expiresAt: null },
      );
      await tx.apiKeys.insert(row);
      return inserted;
    });
    return {
      application_id: app.id,
      application_number: app.number,
      api_key: apiKey,
      webhook_signature_key: signingKey,
    };
  }

  /** Another API key; with `scopes` it may call only routes that need one of them (see scopes.ts). */
  async createApiKey(
    applicationId: string,
    name: string,
    scopes: readonly string[] | null = null,
  ): Promise<string> {
    const checked = scopes === null ? null : parseScopes(scopes);
    if (!(await this.#store.applications.get(applicationId))) {
      throw new DocketError('not_found', 'application_not_found', `no application ${applicationId}`);
    }
    const { apiKey, row } = newApiKey(applicationId, name, this.#clock.now(), checked);
    await this.#store.apiKeys.insert(row);
    return apiKey;
  }

  /**
   * Issues a new webhook signing key. The previous one keeps signing (alongside) for 24 hours,
   * then stops; keys retired earlier are dropped.
   */
  async rotateSigningKey(applicationId: string): Promise<{ key: string; previousExpiresAt: Date | null }> {
    const now = this.#clock.now();
    const key = generateSigningKey();
    const previousExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    const found = await this.#store.transaction(async (tx) => {
      if (!(await tx.applications.get(applicationId))) return false;
      const kept = (await tx.applications.signingKeys(applicationId))
        .filter((k) => isActive(k, now))
        .map((k) => ({ ...k, expiresAt: k.expiresAt ?? previousExpiresAt }));
      await tx.applications.setSigningKeys(applicationId, [
        { key, createdAt: now, expiresAt: null },
        ...kept,
      ]);
      return true;
    });
    if (!found)
      throw new DocketError('not_found', 'application_not_found', `no application ${applicationId}`);
    this.#signingKeys.delete(applicationId); // sign with the new key from the next delivery on
    return { key, previousExpiresAt };
  }

  /** The keys that sign right now, newest first. */
  async activeSigningKeys(applicationId: string): Promise<string[]> {
    return this.#signingKeys.getOrLoad(applicationId, async () => {
      const now = this.#clock.now();
      return (await this.#store.applications.signingKeys(applicationId))
        .filter((k) => isActive(k, now))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map((k) => k.key);
    });
  }

  /** The application a presented key belongs to; throws `unauthorized` otherwise. */
  async authenticate(presented: string | undefined): Promise<string> {
    return (await this.authenticateKey(presented)).applicationId;
  }

  /** The application a presented key belongs to and what the key may do; throws `unauthorized` otherwise. */
  async authenticateKey(presented: string | undefined): Promise<Principal> {
    if (!presented) {
      throw new DocketError(
        'unauthorized',
        'missing_api_key',
        'send your API key in the x-auth header or as Authorization: Bearer <key>',
      );
    }
    const hash = hashApiKey(presented);
    const cached = this.#verified.get(hash);
    if (cached) return cached;
    const key = await this.#store.apiKeys.findByHash(hash);
    if (!key || key.revokedAt) {
      throw new DocketError(
        'unauthorized',
        'invalid_api_key',
        'the API key is not valid or has been revoked',
      );
    }
    const principal: Principal = { applicationId: key.applicationId, scopes: key.scopes, via: 'api_key' };
    this.#verified.set(hash, principal);
    return principal;
  }
}
