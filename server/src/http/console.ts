/**
 * Serves the admin console (the React app built from `console/` into `server/static/console/`)
 * at `/console/`. It is a static single-page app talking to `/v1` with the API key the user signs
 * in with, so its files need no key themselves. Hash routing (`/console/#/records/…`) means every
 * console URL loads the same `index.html`.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Docket console</title>
<h1>The console is not built</h1>
<p><code>npm install</code> builds it (the root <code>prepare</code> script); or run
<code>npm run build -w console</code> and restart Docket.</p>`;

/** Registers `/console` (redirect) and `/console/*` (the built files), all public. */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  // The plugin's routes take no route config of their own: mark them public as they are added.
  app.addHook('onRoute', (route) => {
    if (route.url === '/console' || route.url.startsWith('/console/')) {
      route.config = { ...route.config, public: true };
    }
  });
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    app.get('/console/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    // Hashed asset names never change; index.html must be fetched fresh to pick up a new build.
    setHeaders: (res, filePath) => {
      res.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
    schemaHide: true,
    decorateReply: false,
  });
}
