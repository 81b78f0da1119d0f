/**
 * The composition root: reads nothing itself, takes a validated config and wires one adapter set
 * (see adapters/open.ts) to the core, the HTTP server and the worker.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { openAdapters } from './adapters/open.ts';
import { defaultCatalog } from './analysers/catalog.ts';
import { type AnalyserPool, createAnalyserPool } from './analysers/pool.ts';
import { sniffFileType } from './analysers/sniff.ts';
import type { DocketConfig } from './config/config.ts';
import { systemClock } from './core/clock.ts';
import { CredentialService, type NewApplicationCredentials } from './core/credentials.ts';
import { IntakeService } from './core/intake.ts';
import type { BlobStore, Clock, Store, TaskQueue } from './core/ports.ts';
import { RecordProcessor } from './core/processing.ts';
import { RecordWatcher } from './core/record-watcher.ts';
import { IdempotencyGuard } from './http/idempotency.ts';
import { buildServer } from './http/server.ts';
import { analyseTaskHandler } from './worker/analyse-task.ts';
import { WorkerRuntime } from './worker/runtime.ts';

/** Which parts run in this process: both (`docket start`), only HTTP, or only the worker. */
export type Role = 'all' | 'api' | 'worker';

export interface DocketOptions {
  role?: Role;
  logger?: Logger;
  clock?: Clock;
}

export interface Docket {
  config: DocketConfig;
  store: Store;
  blobs: BlobStore;
  queue: TaskQueue;
  credentials: CredentialService;
  /** Present unless the role is `worker`. */
  server: FastifyInstance | null;
  /** Present unless the role is `api`. */
  worker: WorkerRuntime | null;
  /** Starts listening and working; resolves with the bound address when HTTP runs. */
  start(): Promise<string | null>;
  /** Graceful stop: no new requests or tasks, in-flight work finished or handed back. */
  stop(): Promise<void>;
}

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_' });
  const finished = new Counter({
    name: 'docket_records_finished_total',
    help: 'Records that reached a terminal state, by kind and status',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  return { registry, finished };
}

export async function createDocket(config: DocketConfig, options: DocketOptions = {}): Promise<Docket> {
  const role = options.role ?? 'all';
  const clock = options.clock ?? systemClock();
  const logger = options.logger ?? pino({ level: config.logLevel });
  const { store, queue, blobs } = await openAdapters(config, clock);
  const metrics = createMetrics();
  const credentials = new CredentialService(store, clock);
  const watcher = new RecordWatcher(store);
  const intake = new IntakeService({
    store,
    blobs,
    clock,
    catalog: defaultCatalog(),
    sniff: sniffFileType,
    maxUploadBytes: config.maxUploadBytes,
  });
  const processor = new RecordProcessor({
    store,
    clock,
    hooks: [],
    onTerminal: (record) => {
      metrics.finished.inc({ kind: record.kind, status: record.status });
      watcher.notify(record);
    },
  });

  const server =
    role === 'worker'
      ? null
      : await buildServer({
          context: {
            store,
            intake,
            watcher,
            idempotency: new IdempotencyGuard(store, clock),
            waitOnProcessTimeoutMs: config.waitOnProcessTimeoutMs,
          },
          credentials,
          metrics: metrics.registry,
          logger,
          maxUploadBytes: config.maxUploadBytes,
        });

  let analysers: AnalyserPool | null = null;
  let worker: WorkerRuntime | null = null;
  if (role !== 'api') {
    analysers = createAnalyserPool(config.analyserThreads);
    worker = new WorkerRuntime({
      queue,
      clock,
      logger,
      leaseMs: config.leaseMs,
      handlers: [analyseTaskHandler({ processor, blobs, analysers, concurrency: config.workerConcurrency })],
    });
  }

  return {
    config,
    store,
    blobs,
    queue,
    credentials,
    server,
    worker,
    async start() {
      worker?.start();
      if (!server) return null;
      return server.listen({ port: config.port, host: config.host });
    },
    async stop() {
      await server?.close();
      await worker?.stop();
      await analysers?.close();
      await queue.close();
      await blobs.close();
      await store.close();
    },
  };
}

/**
 * On the very first start, creates the default application and writes its credentials to
 * `<data dir>/credentials.json` (mode 0600). Returns them when it did, `null` otherwise.
 */
export async function bootstrapCredentials(docket: Docket): Promise<NewApplicationCredentials | null> {
  if ((await docket.store.applications.list()).length > 0) return null;
  const created = await docket.credentials.createApplication('default');
  await fs.mkdir(docket.config.dataDir, { recursive: true });
  const file = path.join(docket.config.dataDir, 'credentials.json');
  await fs.writeFile(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return created;
}
