/**
 * The baseline: a bare Fastify route that accepts the same JSON body as POST /lab_reports and
 * answers 202 with the same shape — no auth, no storage, no fsync.
 *
 * With `DURABLE_FILE=1` the route also writes each upload through Docket's own FileBlobStore
 * (temp file, fdatasync, rename, directory fsync) before answering: the floor that one durable
 * file per upload sets on this machine, with nothing else of Docket's around it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { FileBlobStore } from '../../server/src/adapters/fs/blob-store.ts';

const require = createRequire(path.resolve(import.meta.dirname, '../../server/package.json'));
const Fastify = require('fastify') as typeof import('fastify').default;

const blobDir = process.env.DURABLE_FILE ? await fs.mkdtemp(path.join(os.tmpdir(), 'bench-blobs-')) : null;
const blobs = blobDir ? new FileBlobStore(blobDir) : null;

const app = Fastify({ bodyLimit: 70 * 1024 * 1024 });
app.post('/lab_reports', async (request, reply) => {
  const body = request.body as { body?: string };
  if (typeof body.body !== 'string') return reply.status(400).send({ error: 'body' });
  const bytes = Buffer.from(body.body, 'base64');
  const id = randomUUID();
  if (blobs) await blobs.put(`uploads/${id}`, bytes);
  return reply.status(202).send({
    lab_report: {
      record_id: id,
      status: 'processing',
      uploaded_at: new Date().toISOString(),
      size: bytes.length,
    },
  });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await blobs?.close();
  if (blobDir) await fs.rm(blobDir, { recursive: true, force: true });
  process.exit(0);
});
