/** Authenticates every API request: `x-auth: KEY` (seed 002) or `Authorization: Bearer KEY`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CredentialService } from '../core/credentials.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated application (tenant). */
    applicationId: string;
  }
  interface FastifyContextConfig {
    /** Routes that answer without an API key (health, docs, metrics). */
    public?: boolean;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const xAuth = request.headers['x-auth'];
  if (typeof xAuth === 'string' && xAuth.trim()) return xAuth.trim();
  const authorization = request.headers.authorization;
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim();
}

export function registerAuth(app: FastifyInstance, credentials: CredentialService): void {
  app.decorateRequest('applicationId', '');
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    request.applicationId = await credentials.authenticate(presentedKey(request));
  });
}
