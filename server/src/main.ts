/**
 * The composition root: reads nothing itself, takes a validated config and wires one adapter set
 * (see adapters/open.ts) to the core, the HTTP server and the worker.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { openAdapters } from './adapters/open.ts';
import { sniffFileType } from './analysers/sniff.ts';
import { createTemplateEvaluator } from './analysers/template/preview.ts';
import type { DocketConfig } from './config/config.ts';
import { Admission } from './core/admission.ts';
import { ApplicationSettingsService } from './core/application-settings.ts';
import { systemClock } from './core/clock.ts';
import { CredentialService, type NewApplicationCredentials } from './core/credentials.ts';
import { DocumentService } from './core/documents.ts';
import { IntakeService } from './core/intake.ts';
import { jobRetentionHook } from './core/job-retention.ts';
import { OAuthService } from './core/oauth.ts';
import type { AnalyserPool, BlobStore, Clock, Store, TaskQueue } from './core/ports.ts';
import { RecordProcessor } from './core/processing.ts';
import { RecordWatcher } from './core/record-watcher.ts';
import { TemplateJobs } from './core/template-jobs.ts';
import { TemplatePreviews } from './core/template-preview.ts';
import { TEMPLATE_KIND, TEMPLATES_PRODUCT, TemplateService } from './core/templates.ts';
import { IdempotencyGuard } from './http/idempotency.ts';
import { buildServer } from './http/server.ts';
import { createMetrics } from './metrics.ts';
import { ProductCatalog } from './profiles/catalog.ts';
import { renderDocumentEvent } from './profiles/documents/render.ts';
import { DOCUMENT_TYPES } from './profiles/file-types.ts';
import { renderRecordEvent } from './profiles/native/render.ts';
import { DeliveryAttempter } from './webhooks/deliver-task.ts';
import { DeliveryService } from './webhooks/delivery-service.ts';
import { createWebhookDispatcher } from './webhooks/dispatcher.ts';
import { EndpointLimiter } from './webhooks/endpoint-limiter.ts';
import { EndpointService } from './webhooks/endpoint-service.ts';
import { deliveryFanOut } from './webhooks/fan-out.ts';
import { analyseTaskHandler } from './worker/analyse-task.ts';
import { createAnalyserPool } from './worker/analyser-pool.ts';
import { expireResultTaskHandler } from './worker/expire-result-task.ts';
import { purgeFileTaskHandler } from './worker/purge-file.ts';
import { RetentionSweeper } from './worker/retention-sweep.ts';
import { WorkerRuntime } from './worker/runtime.ts';

/** Where `npm run build -w console` (run by the root `prepare` on `npm install`) puts the console. */
const CONSOLE_DIR = fileURLToPath(new URL('../static/console/', import.meta.url));

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
  /** The retention sweep the worker runs; present unless the role is `api`. */
  retention: RetentionSweeper | null;
  /** Starts listening and working; resolves with the bound address when HTTP runs. */
  start(): Promise<string | null>;
  /** Graceful stop: no new requests or tasks, in-flight work finished or handed back. */
  stop(): Promise<void>;
}

export async function createDocket(config: DocketConfig, options: DocketOptions = {}): Promise<Docket> {
  const role = options.role ?? 'all';
  const clock = options.clock ?? systemClock();
  const logger = options.logger ?? pino({ level: config.logLevel });
  // Links Docket hands out point at DOCKET_PUBLIC_URL, or else at where this process listens.
  let listeningAt: string | null = null;
  const publicUrl = () => config.publicUrl ?? listeningAt ?? `http://localhost:${config.port}`;
  const { store, queue, blobs, rateCounter } = await openAdapters(config, clock, { publicUrl });
  const metrics = createMetrics(store);
  const credentials = new CredentialService(store, clock);
  const watcher = new RecordWatcher(store);
  const catalog = new ProductCatalog();
  const settings = new ApplicationSettingsService(store, clock, {
    queueCap: config.backpressure.perApplication,
    deleteFileAfterDelivery: config.retention.deleteFileAfterDelivery,
    fileRetentionDays: config.retention.fileDays,
    resultRetentionDays: config.retention.resultDays,
  });
  const admission = new Admission({
    store,
    clock,
    settings,
    totalCap: config.backpressure.total,
    retryAfterSeconds: config.backpressure.retryAfterSeconds,
  });
  const intake = new IntakeService({
    store,
    blobs,
    clock,
    catalog,
    sniff: sniffFileType,
    maxUploadBytes: config.maxUploadBytes,
    admit: (applicationId) => admission.admit(applicationId),
  });
  const outboxHooks = [
    deliveryFanOut({ clock, retryPresetOf: (product) => catalog.retryPresetOf(product) }),
    jobRetentionHook({ product: TEMPLATES_PRODUCT, ...config.jobs }),
  ];
  const processor = new RecordProcessor({
    store,
    clock,
    hooks: outboxHooks,
    // Each product's webhook body; products that define none get the native envelope.
    render: catalog.renderer(renderRecordEvent),
    subjectOf: (record) => catalog.subjectOf(record),
    onTerminal: (record) => {
      metrics.recordFinished(record);
      watcher.notify(record);
    },
  });
  const guard = { allow: config.webhookAllow };
  const oauth = new OAuthService(store, clock);
  const endpoints = new EndpointService(store, clock, guard, {
    eventTypes: catalog.eventTypes(),
    products: catalog.products.map((product) => product.name),
  });
  // The editor's live preview reads samples in this (API) process; its OCR engine starts on the first scan.
  const templateEvaluator = createTemplateEvaluator({
    tesseract: config.tesseract,
    limits: {
      maxPages: config.analysis.maxPagesByKind[TEMPLATE_KIND] ?? config.analysis.maxPages,
      maxOcrPages: config.analysis.maxOcrPages,
      maxImagePixels: config.analysis.maxImagePixels,
    },
  });
  const httpContext = {
    store,
    blobs,
    clock,
    intake,
    watcher,
    idempotency: new IdempotencyGuard(store, clock),
    credentials,
    endpoints,
    deliveries: new DeliveryService(store, clock),
    documents: new DocumentService({
      store,
      blobs,
      clock,
      hooks: outboxHooks,
      render: renderDocumentEvent,
      subjectOf: (record) => catalog.subjectOf(record),
    }),
    oauth,
    settings,
    waitOnProcessTimeoutMs: config.waitOnProcessTimeoutMs,
    templates: new TemplateService(store, clock, endpoints),
    jobs: new TemplateJobs({ store, clock, intake, resultTtlMs: config.jobs.resultTtlMs }),
    templatePreviews: new TemplatePreviews({
      store,
      blobs,
      clock,
      evaluator: templateEvaluator,
      sampleTypes: DOCUMENT_TYPES,
    }),
  };

  const server =
    role === 'worker'
      ? null
      : await buildServer({
          store,
          routes: catalog.products.flatMap((product) => product.routes(httpContext)),
          credentials,
          oauth,
          rateLimit: { counter: rateCounter, perMinute: config.rateLimitPerMinute },
          metrics: metrics.registry,
          readiness: { backlog: () => store.records.backlog(), queueCap: config.backpressure.total },
          logger,
          maxUploadBytes: config.maxUploadBytes,
          consoleDir: CONSOLE_DIR,
        });

  let analysers: AnalyserPool | null = null;
  let worker: WorkerRuntime | null = null;
  let attempter: DeliveryAttempter | null = null;
  let retention: RetentionSweeper | null = null;
  const dispatcher = role === 'api' ? null : createWebhookDispatcher(guard);
  if (dispatcher) {
    analysers = createAnalyserPool(config.analyserThreads, {
      tesseract: config.tesseract,
      vision: config.vision,
      foodDetector: config.foodDetector,
    });
    attempter = new DeliveryAttempter({
      store,
      productDelivery: catalog.deliveryParts({ store, blobs, clock }),
      clock,
      dispatcher,
      limiter: new EndpointLimiter(config.webhookEndpointConcurrency),
      signingKeys: (applicationId) => credentials.activeSigningKeys(applicationId),
      observer: metrics.deliveries,
      random: Math.random,
      concurrency: config.webhookConcurrency,
      queue,
      onLogError: (err, attempts) =>
        logger.error({ err, attempts }, 'logging delivery attempts failed; they will be sent again'),
    });
    worker = new WorkerRuntime({
      queue,
      clock,
      logger,
      leaseMs: config.leaseMs,
      handlers: [
        analyseTaskHandler({
          processor,
          blobs,
          analysers,
          concurrency: config.workerConcurrency,
          archives: {
            catalog,
            sniff: sniffFileType,
            limits: { ...config.archives, maxFileBytes: config.maxUploadBytes },
          },
          limitsFor: (kind) => ({
            maxPages: config.analysis.maxPagesByKind[kind] ?? config.analysis.maxPages,
            maxOcrPages: config.analysis.maxOcrPages,
            maxImagePixels: config.analysis.maxImagePixels,
          }),
          timeBudgetMs: config.analysis.timeBudgetMs,
          maxInterruptions: config.analysis.maxInterruptions,
          fair: config.fairClaims,
          analysisContext: (record) => catalog.analysisContext(record, { store }),
        }),
        purgeFileTaskHandler({ store, blobs, clock, concurrency: 4 }),
        expireResultTaskHandler(store, clock),
        ...attempter.handlers(),
      ],
    });
    retention = new RetentionSweeper({
      store,
      clock,
      settings,
      logger,
      intervalMs: config.retention.sweepIntervalMs,
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
    retention,
    async start() {
      // Listen first, then work: the routes' schemas are compiled on listen (a few hundred ms of
      // one event loop), which would otherwise stall the first claims and deliveries; and a port
      // already in use fails the start before this process has leased any task.
      let address: string | null = null;
      if (server) {
        address = await server.listen({ port: config.port, host: config.host });
        listeningAt = address.replace('://0.0.0.0:', '://localhost:').replace('://[::]:', '://localhost:');
      }
      worker?.start();
      retention?.start();
      return address;
    },
    async stop() {
      await server?.close();
      await retention?.stop();
      await worker?.stop();
      await attempter?.close();
      await analysers?.close();
      await templateEvaluator.close();
      await dispatcher?.close();
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
/**
 * The default application has a fixed id, so when several processes start at once on an empty
 * database (scale-out) exactly one creates it; the others find it there.
 */
export const DEFAULT_APPLICATION_ID = '00000000-0000-4000-8000-000000000001';

export async function bootstrapCredentials(docket: Docket): Promise<NewApplicationCredentials | null> {
  if ((await docket.store.applications.list()).length > 0) return null;
  let created: NewApplicationCredentials;
  try {
    created = await docket.credentials.createApplication('default', DEFAULT_APPLICATION_ID);
  } catch (error) {
    if (await docket.store.applications.get(DEFAULT_APPLICATION_ID)) return null; // another process won
    throw error;
  }
  await fs.mkdir(docket.config.dataDir, { recursive: true });
  const file = path.join(docket.config.dataDir, 'credentials.json');
  await fs.writeFile(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return created;
}
