/**
 * The baseline: a bare Fastify route that accepts the same JSON body as POST /lab_reports and
 * answers 202 with the same shape — no auth, no storage, no fsync.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(import.meta.dirname, '../../server/package.json'));
const Fastify = require('fastify') as typeof import('fastify').default;

const app = Fastify({ bodyLimit: 70 * 1024 * 1024 });
app.post('/lab_reports', async (request, reply) => {
  const body = request.body as { body?: string };
  if (typeof body.body !== 'string') return reply.status(400).send({ error: 'body' });
  const bytes = Buffer.from(body.body, 'base64');
  return reply.status(202).send({
    lab_report: {
      record_id: randomUUID(),
      status: 'processing',
      uploaded_at: new Date().toISOString(),
      size: bytes.length,
    },
  });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
