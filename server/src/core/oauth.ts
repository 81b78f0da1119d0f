/**
 * OAuth2 client credentials (RFC 6749 §4.4) for integrations such as seed 003's: clients belong
 * to an application and carry the most scopes their tokens may have; `POST /oauth/token` trades a
 * client's id and secret for a short-lived HS256 JWT (jose) naming the application and scopes.
 * The signing key is a shared secret in the store, so every API process accepts every token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { OAuthClient } from './document-types.ts';
import { DocketError } from './errors.ts';
import { newId } from './ids.ts';
import type { Clock, Store } from './ports.ts';
import { type Principal, parseScopes } from './scopes.ts';
import { TtlCache } from './ttl-cache.ts';

/** How long an access token is valid. Short, so a revoked client stops within minutes anyway. */
export const ACCESS_TOKEN_TTL_SECONDS = 900;
const ISSUER = 'docket';
const AUDIENCE = 'docket-api';
const SIGNING_SECRET_NAME = 'oauth_access_token_hs256';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A new client as its owner must be told once (the secret is never shown again). */
export interface NewOAuthClient {
  client_id: string;
  client_secret: string;
  name: string;
  scopes: string[];
  created_at: string;
}

/** The token endpoint's answer (RFC 6749 §5.1). */
export interface AccessTokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** What a token request carries, from a form or JSON body and/or HTTP Basic. */
export interface TokenRequest {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scope: string | undefined;
}

const invalidClient = () =>
  new DocketError(
    'unauthorized',
    'invalid_client',
    'client authentication failed: unknown client_id, wrong client_secret, or a revoked client',
  );

export class OAuthService {
  readonly #store: Store;
  readonly #clock: Clock;
  #secret: Promise<Uint8Array> | undefined;
  /** Whether a client still exists, checked for each token at most every few seconds. */
  readonly #live: TtlCache<string, boolean>;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.#live = new TtlCache(5_000, clock);
  }

  async createClient(
    applicationId: string,
    name: string,
    scopes: readonly string[],
  ): Promise<NewOAuthClient> {
    const checked = parseScopes(scopes);
    if (checked.length === 0) {
      throw new DocketError('invalid', 'invalid_scope', 'scopes must name at least one scope', {
        field: 'scopes',
      });
    }
    if (!(await this.#store.applications.get(applicationId))) {
      throw new DocketError('not_found', 'application_not_found', `no application ${applicationId}`);
    }
    const secret = `dkcs_${randomBytes(32).toString('base64url')}`;
    const client: OAuthClient = {
      id: newId(),
      applicationId,
      name,
      secretHash: hashSecret(secret),
      scopes: checked,
      createdAt: this.#clock.now(),
      revokedAt: null,
    };
    await this.#store.oauthClients.insert(client);
    return {
      client_id: client.id,
      client_secret: secret,
      name,
      scopes: checked,
      created_at: client.createdAt.toISOString(),
    };
  }

  listClients(applicationId: string): Promise<OAuthClient[]> {
    return this.#store.oauthClients.list(applicationId);
  }

  async revokeClient(applicationId: string, clientId: string): Promise<void> {
    if (!(await this.#store.oauthClients.revoke(applicationId, clientId, this.#clock.now()))) {
      throw new DocketError('not_found', 'oauth_client_not_found', `no OAuth client ${clientId}`);
    }
    this.#live.delete(clientId);
  }

  /** The client-credentials grant: a token with the scopes asked for (all the client's by default). */
  async issueToken(request: TokenRequest): Promise<AccessTokenAnswer> {
    if (request.grantType !== 'client_credentials') {
      throw new DocketError(
        'invalid',
        request.grantType ? 'unsupported_grant_type' : 'invalid_request',
        request.grantType
          ? `grant_type ${JSON.stringify(request.grantType)} is not supported: use client_credentials`
          : 'missing required field: grant_type (use client_credentials)',
      );
    }
    if (!request.clientId || !request.clientSecret) {
      throw new DocketError(
        'unauthorized',
        'invalid_client',
        'send client_id and client_secret as form fields, JSON fields or HTTP Basic authentication',
      );
    }
    const client = await this.#store.oauthClients.get(request.clientId);
    const given = Buffer.from(hashSecret(request.clientSecret));
    const expected = Buffer.from(client?.secretHash ?? hashSecret(''));
    if (!client || client.revokedAt || !timingSafeEqual(given, expected)) throw invalidClient();
    const asked = request.scope === undefined ? client.scopes : parseScopes(request.scope, 'scope');
    const beyond = asked.find((scope) => !client.scopes.includes(scope));
    if (beyond !== undefined) {
      throw new DocketError(
        'invalid',
        'invalid_scope',
        `this client may not ask for ${beyond}; it was created with ${client.scopes.join(' ')}`,
        { client_scopes: client.scopes },
      );
    }
    const scope = (asked.length ? asked : client.scopes).join(' ');
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const token = await new SignJWT({ scope, app: client.applicationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(client.id)
      .setJti(newId())
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
      .sign(await this.#signingSecret());
    return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope };
  }

  /** The principal a token grants; 401 `token_expired` or `invalid_token` otherwise. */
  async verify(token: string): Promise<Principal> {
    let payload: { sub?: string; app?: unknown; scope?: unknown };
    try {
      ({ payload } = await jwtVerify(token, await this.#signingSecret(), {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.#clock.now(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new DocketError(
          'unauthorized',
          'token_expired',
          'the access token has expired: request a new one from POST /oauth/token',
        );
      }
      throw new DocketError(
        'unauthorized',
        'invalid_token',
        'the access token is not valid (bad signature or malformed): request one from POST /oauth/token',
      );
    }
    const { sub, app, scope } = payload;
    if (typeof sub !== 'string' || typeof app !== 'string' || typeof scope !== 'string') {
      throw new DocketError('unauthorized', 'invalid_token', 'the access token lacks its claims');
    }
    const live = await this.#live.getOrLoad(sub, async () => {
      const client = await this.#store.oauthClients.get(sub);
      return client !== null && client.revokedAt === null;
    });
    if (!live) {
      throw new DocketError('unauthorized', 'invalid_token', 'the client of this access token was revoked');
    }
    return { applicationId: app, scopes: scope.split(' ').filter(Boolean), via: 'access_token' };
  }

  #signingSecret(): Promise<Uint8Array> {
    this.#secret ??= this.#store.secrets
      .getOrCreate(SIGNING_SECRET_NAME, () => randomBytes(32).toString('base64url'))
      .then((value) => Buffer.from(value, 'base64url'));
    this.#secret.catch(() => {
      this.#secret = undefined; // try again on the next request
    });
    return this.#secret;
  }
}

/** Whether a presented bearer credential is a JWT (three base64url parts) rather than an API key. */
export function looksLikeJwt(presented: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(presented);
}
