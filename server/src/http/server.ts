/** Builds the Fastify app: plugins, auth, error handling, OpenAPI, and every route module. */
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CredentialService } from '../core/credentials.ts';
import type { RateCounter, Store } from '../core/ports.ts';
import { registerAuth } from './auth.ts';
import { registerConsole } from './console.ts';
import { ErrorBody, registerErrorHandling } from './errors.ts';
import { registerHealth } from './health.ts';
import { registerJsonBodyParser } from './json-body.ts';
import { registerRateLimit } from './rate-limit.ts';

export interface ServerDeps {
  store: Store;
  /** The route modules: each profile and the native API. */
  routes: FastifyPluginAsyncTypebox[];
  credentials: CredentialService;
  rateLimit: { counter: RateCounter; perMinute: number };
  metrics: Registry;
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
  registerAuth(app, deps.credentials);
  await registerRateLimit(app, deps.rateLimit.counter, deps.rateLimit.perMinute);
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  registerHealth(app, deps.store, deps.metrics);
  if (deps.consoleDir) await registerConsole(app, deps.consoleDir);
  for (const routes of deps.routes) await app.register(routes);
  return app;
}
