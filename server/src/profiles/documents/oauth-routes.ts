/**
 * OAuth2 client credentials: `POST /oauth/token` (form-encoded as RFC 6749 says, or JSON; the
 * client authenticates with form fields or HTTP Basic) and the native `/v1/oauth-clients` to
 * create, list and revoke an application's clients (unrestricted API keys only).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OAuthClient } from '../../core/document-types.ts';
import type { TokenRequest } from '../../core/oauth.ts';
import type { HttpContext } from '../../http/context.ts';

const tags = ['oauth'];

const TokenBody = Type.Object({
  grant_type: Type.Optional(Type.String({ description: 'client_credentials' })),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String({ description: 'Space-separated; all the client may have by default' })),
});

const TokenAnswer = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds' }),
  scope: Type.String(),
});

const ClientSchema = Type.Object({
  client_id: Type.String(),
  client_secret: Type.Optional(Type.String({ description: 'Only in the answer that creates the client' })),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const renderClient = (client: OAuthClient) => ({
  client_id: client.id,
  name: client.name,
  scopes: client.scopes,
  created_at: client.createdAt.toISOString(),
  revoked_at: client.revokedAt?.toISOString() ?? null,
});

/** RFC 6749 §2.3.1: `Authorization: Basic base64(urlencoded id ":" urlencoded secret)`. */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

export function oauthRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Only this plugin's routes take form bodies (Fastify encapsulates parsers per plugin).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    app.post(
      '/oauth/token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'OAuth2 client credentials: an access token for a client id and secret',
          body: TokenBody,
          response: { 200: TokenAnswer },
          security: [],
        },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        const basic = basicCredentials(request);
        const token: TokenRequest = {
          grantType: body.grant_type,
          clientId: basic?.id ?? body.client_id,
          clientSecret: basic?.secret ?? body.client_secret,
          scope: body.scope,
        };
        reply.header('cache-control', 'no-store');
        return ctx.oauth.issueToken(token);
      },
    );
    app.post(
      '/v1/oauth-clients',
      {
        schema: {
          tags,
          summary: 'Create an OAuth2 client; its secret is in this answer only',
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Array(Type.String()),
          }),
          response: { 201: ClientSchema },
        },
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          const created = await ctx.oauth.createClient(
            request.applicationId,
            request.body.name,
            request.body.scopes,
          );
          return { status: 201, body: { ...created, revoked_at: null } };
        }),
    );
    app.get(
      '/v1/oauth-clients',
      {
        schema: {
          tags,
          summary: "The application's OAuth2 clients (without secrets)",
          response: { 200: Type.Object({ data: Type.Array(ClientSchema) }) },
        },
      },
      async (request) => ({ data: (await ctx.oauth.listClients(request.applicationId)).map(renderClient) }),
    );
    app.delete(
      '/v1/oauth-clients/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an OAuth2 client: its tokens stop working',
          params: Type.Object({ id: Type.String() }),
        },
      },
      async (request, reply) => {
        await ctx.oauth.revokeClient(request.applicationId, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
