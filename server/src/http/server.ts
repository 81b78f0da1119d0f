/** Builds the Fastify app: plugins, auth, error handling, OpenAPI, and every route module. */
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CredentialService } from '../core/credentials.ts';
import type { OAuthService } from '../core/oauth.ts';
import type { RateCounter, Store } from '../core/ports.ts';
import { registerAuth } from './auth.ts';
import { registerBodyTypeCheck } from './body-checks.ts';
import { registerConsole } from './console.ts';
import { ErrorBody, registerErrorHandling } from './errors.ts';
import { type Readiness, registerHealth } from './health.ts';
import { registerJsonBodyParser } from './json-body.ts';
import { registerRateLimit } from './rate-limit.ts';

export interface ServerDeps {
  store: Store;
  /** The route modules: each profile and the native API. */
  routes: FastifyPluginAsyncTypebox[];
  credentials: CredentialService;
  /** Accepts OAuth2 access tokens besides API keys, when given. */
  oauth?: OAuthService;
  rateLimit: { counter: RateCounter; perMinute: number };
  metrics: Registry;
  /** What `/readyz` reports beyond the database: the backlog, against the instance's queue cap. */
  readiness: Readiness;
  logger: Logger;
  maxUploadBytes: number;
  /** The built admin console, served at `/console/`; omitted in tests that do not need it. */
  consoleDir?: string;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  // Base64 makes a JSON upload 4/3 the size of the file; leave room for the other fields.
  const bodyLimit = Math.ceil((deps.maxUploadBytes * 4) / 3) + 64 * 1024;
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the app's generic at the default.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit,
    // Pre-signed download tokens carry the blob key, expiry, file name and type in the path.
    routerOptions: { maxParamLength: 2048 },
    // Per-request lines cost throughput and say little; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app, deps.maxUploadBytes);
  registerJsonBodyParser(app);
  await app.register(multipart, { limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 50 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Docket',
        version: '0.1.0',
        description:
          'Asynchronous document analysis with signed, retried webhook delivery. Authenticate with `x-auth: KEY` or `Authorization: Bearer KEY`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-auth' },
          bearer: { type: 'http', scheme: 'bearer' },
          oauth2: {
            type: 'oauth2',
            flows: {
              clientCredentials: {
                tokenUrl: '/oauth/token',
                scopes: {
                  'read:documents': 'read documents',
                  'write:document_integrations': 'confirm document imports',
                  'write:documents': 'validate and synchronise documents',
                  'read:webhooks': 'read seed 003 webhooks',
                  'write:webhooks': 'create, change and delete seed 003 webhooks',
                },
              },
            },
          },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
    },
  });
  app.addHook('onRoute', (route) => {
    // The reference page and its assets need no API key.
    if (route.url.startsWith('/docs')) route.config = { ...route.config, public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.addHook('onRoute', (route) => {
    // Every documented route answers errors in the one error shape; say so in the OpenAPI.
    if (route.schema && !route.schema.hide) {
      route.schema.response = { '4xx': ErrorBody, '5xx': ErrorBody, ...(route.schema.response as object) };
    }
  });
  registerAuth(app, deps.credentials, deps.oauth);
  registerBodyTypeCheck(app);
  await registerRateLimit(app, deps.rateLimit.counter, deps.rateLimit.perMinute);
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  registerHealth(app, deps.store, deps.metrics, deps.readiness);
  if (deps.consoleDir) await registerConsole(app, deps.consoleDir);
  for (const routes of deps.routes) await app.register(routes);
  return app;
}
