/**
 * Authenticates every API request: `x-auth: KEY` (seed 002), `Authorization: Bearer KEY`, or
 * `Authorization: Bearer <OAuth2 access token>` (seed 003), then checks the route's scope.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CredentialService } from '../core/credentials.ts';
import { looksLikeJwt, type OAuthService } from '../core/oauth.ts';
import { type Principal, requireScope } from '../core/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated application (tenant). */
    applicationId: string;
    /** What the caller may do: `null` scopes for an unrestricted API key. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without an API key (health, docs, metrics). */
    public?: boolean;
    /**
     * The scope an access token or a scoped API key needs for this route (`read:documents`, …).
     * Routes without one are for unrestricted API keys only.
     */
    scope?: string;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const xAuth = request.headers['x-auth'];
  if (typeof xAuth === 'string' && xAuth.trim()) return xAuth.trim();
  const authorization = request.headers.authorization;
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim();
}

export function registerAuth(
  app: FastifyInstance,
  credentials: CredentialService,
  oauth?: OAuthService,
): void {
  app.decorateRequest('applicationId', '');
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    const presented = presentedKey(request);
    const principal =
      oauth && presented && looksLikeJwt(presented)
        ? await oauth.verify(presented)
        : await credentials.authenticateKey(presented);
    request.principal = principal;
    request.applicationId = principal.applicationId;
    requireScope(principal, request.routeOptions.config?.scope);
  });
}
