import path from 'node:path';
import type { FoodDetectorSettings } from '../analysers/nutrition/detector.ts';
import type { VisionSettings } from '../analysers/nutrition/vision.ts';
import type { TesseractChoice } from '../analysers/ocr/tesseract.ts';
import { type AllowList, parseAllowList } from '../webhooks/ssrf-guard.ts';

/** Everything Docket reads from the environment, validated once at boot. */
export interface DocketConfig {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<path>` (embedded default) or `postgres://…` (scale-out). */
  databaseUrl: string;
  /** `file:<dir>` (embedded default) or `s3://bucket/prefix` (scale-out). */
  blobs: string;
  /**
   * With the embedded database and a `file:` blob store, files up to this size are kept in the
   * database (`DOCKET_INLINE_BLOB_MAX_BYTES`, default 1 MB; 0: every file on disk).
   */
  inlineBlobMaxBytes: number;
  maxUploadBytes: number;
  workerConcurrency: number;
  /** Worker threads that run analysers (CPU-bound parsing never runs on the HTTP event loop). */
  analyserThreads: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Upper bound on how long `wait_on_process: true` holds a request. */
  waitOnProcessTimeoutMs: number;
  /** How long a task lease lasts before another worker may reclaim it. */
  leaseMs: number;
  /** Webhook attempts in flight per lane (first attempts, retries) in one worker process. */
  webhookConcurrency: number;
  /** Webhook attempts in flight per endpoint in one worker process (fairness). */
  webhookEndpointConcurrency: number;
  /** CIDR ranges webhooks may target despite the SSRF guard (local development only). */
  /** Ranges webhooks may target despite the SSRF guard (`DOCKET_WEBHOOK_ALLOW`). */
  webhookAllow: AllowList;
  /** Which tesseract reads scans and photos: tesseract.js (`wasm`), the `native` binary, or `auto`. */
  tesseract: TesseractChoice;
  /**
   * The OpenAI-compatible vision endpoint nutrition records may be recognised with
   * (`DOCKET_VISION_URL`, `DOCKET_VISION_MODEL`, `DOCKET_VISION_KEY`, `DOCKET_VISION_TIMEOUT_MS`); `null`: none.
   */
  vision: VisionSettings | null;
  /**
   * The nutrition analyser's offline photo detector: `DOCKET_FOOD_DETECTOR` `on` (default: before the
   * vision endpoint), `after-vision` or `off`; `DOCKET_FOOD_DETECTOR_MIN_CONFIDENCE` in percent (30).
   */
  foodDetector: FoodDetectorSettings | null;
  /** Requests per minute per application; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /** Bounds on batch uploads (ZIP): entries, uncompressed bytes in all, compression ratio. */
  archives: { maxEntries: number; maxTotalBytes: number; maxRatio: number };
  /**
   * Where customers reach this Docket (`DOCKET_PUBLIC_URL`), for the links it hands out, such as
   * pre-signed file URLs; `null` (unset): the address the server listens on.
   */
  publicUrl: string | null;
  /** Bounds on one analysis: pages, OCR pages, image size, time. */
  analysis: AnalysisConfig;
  /** Analyses are claimed in turn across applications (`DOCKET_FAIR_CLAIMS`); off: oldest first. */
  fairClaims: boolean;
  /** Queue caps answered with 429 (per application) and 503 (the instance) before anything is stored. */
  backpressure: BackpressureConfig;
  /** What the worker deletes, and when (defaults; applications may override them). */
  retention: RetentionConfig;
  /**
   * Seed 002's retention: a job's result is kept `jobResultTtlMs` after it finished
   * (`DOCKET_JOB_RESULT_TTL`, default 24 h), its uploaded file at most `jobFileTtlMs`
   * (`DOCKET_JOB_FILE_TTL`, default 24 h) — and only until its webhook was delivered.
   */
  jobs: { resultTtlMs: number; fileTtlMs: number };
  /** Scale-out adapters (PostgreSQL, pg-boss, S3); ignored by the embedded default. */
  scaleOut: ScaleOutConfig;
}

/** Bounds on one analysis (see docs/operations.md). */
export interface AnalysisConfig {
  /** Most pages of a PDF, for every kind without its own cap. */
  maxPages: number;
  /** Per-kind page caps from `DOCKET_MAX_PAGES_<KIND>` (kind in lower case). */
  maxPagesByKind: Readonly<Record<string, number>>;
  /** Most pages of one document read by OCR. */
  maxOcrPages: number;
  /** Most pixels of an image. */
  maxImagePixels: number;
  /** Longest one analysis may hold a thread. */
  timeBudgetMs: number;
  /** Interrupted runs (the worker died mid-analysis) before the record fails for good. */
  maxInterruptions: number;
}

/** Queue caps; 0 turns a cap off. */
export interface BackpressureConfig {
  /** Most records one application may have queued or processing. */
  perApplication: number;
  /** Most records the instance may have queued or processing. */
  total: number;
  /** The `Retry-After` a refusal carries. */
  retryAfterSeconds: number;
}

/** Retention defaults; 0 days means kept for ever. */
export interface RetentionConfig {
  /** Delete a record's file once its result has been delivered (every webhook settled). */
  deleteFileAfterDelivery: boolean;
  /** Delete a finished record's file this many days after it finished. */
  fileDays: number;
  /** Delete a finished record's result this many days after it finished. */
  resultDays: number;
  /** How often the worker looks for what to delete. */
  sweepIntervalMs: number;
}

/** `DOCKET_MAX_PAGES_<KIND>` variables, as caps per kind. */
function pageCapsByKind(env: Env): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const name of Object.keys(env)) {
    const match = /^DOCKET_MAX_PAGES_([A-Z0-9_]+)$/.exec(name);
    if (match) caps[match[1]!.toLowerCase()] = integer(env, name, 100, 1, 1_000_000);
  }
  return caps;
}

// ---- Scale-out (PostgreSQL + pg-boss + S3) -------------------------------------------------------

/** Settings read only when DOCKET_DATABASE_URL=postgres://… or DOCKET_BLOBS=s3://…. */
export interface ScaleOutConfig {
  /** Most PostgreSQL connections one process opens (shared by the store and the queue). */
  pgPoolMax: number;
  /** `pg-boss` (default) or `table` (Docket's own job table, as in the embedded mode). */
  pgQueue: 'pg-boss' | 'table';
  /** How often pg-boss's supervisor looks for jobs whose worker stopped heartbeating. */
  pgBossSuperviseSeconds: number;
  /** Most analyses of one application active at once across all workers, with pg-boss (fairness). */
  pgBossGroupConcurrency: number;
  /** S3 endpoint for MinIO, Ceph, R2, …; `null` means AWS's regional endpoint. */
  s3Endpoint: string | null;
  s3Region: string;
  /** Path-style addressing (`endpoint/bucket/key`), needed by MinIO and most self-hosted servers. */
  s3ForcePathStyle: boolean;
  /** Static credentials; when absent the AWS SDK's default chain (env, profile, IAM role) applies. */
  s3AccessKeyId: string | null;
  s3SecretAccessKey: string | null;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}=${JSON.stringify(raw)} is not allowed: use true or false.`);
}

function scaleOut(env: Env): ScaleOutConfig {
  const endpoint = env.DOCKET_S3_ENDPOINT || null;
  if (endpoint !== null && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new ConfigError(
      `DOCKET_S3_ENDPOINT=${JSON.stringify(endpoint)} is not allowed: use an absolute http(s) URL such as http://127.0.0.1:9000.`,
    );
  }
  const accessKeyId = env.DOCKET_S3_ACCESS_KEY_ID || null;
  const secretAccessKey = env.DOCKET_S3_SECRET_ACCESS_KEY || null;
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    throw new ConfigError(
      'DOCKET_S3_ACCESS_KEY_ID and DOCKET_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS default credential chain.',
    );
  }
  return {
    pgPoolMax: integer(env, 'DOCKET_PG_POOL_MAX', 10, 2, 1000),
    pgQueue: oneOf(env, 'DOCKET_PG_QUEUE', 'pg-boss', ['pg-boss', 'table']),
    pgBossSuperviseSeconds: integer(env, 'DOCKET_PGBOSS_SUPERVISE_SECONDS', 15, 1, 300),
    pgBossGroupConcurrency: integer(env, 'DOCKET_PGBOSS_GROUP_CONCURRENCY', 4, 1, 10_000),
    s3Endpoint: endpoint,
    s3Region: env.DOCKET_S3_REGION || env.AWS_REGION || 'us-east-1',
    // A custom endpoint is almost always a self-hosted server that wants path-style URLs.
    s3ForcePathStyle: bool(env, 'DOCKET_S3_FORCE_PATH_STYLE', endpoint !== null),
    s3AccessKeyId: accessKeyId,
    s3SecretAccessKey: secretAccessKey,
  };
}

// ---- end scale-out -------------------------------------------------------------------------------

/** Thrown when an environment variable has a value Docket cannot use; the message says what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)} is not allowed: use a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not allowed: use one of ${allowed.join(', ')}.`);
  }
  return raw as T;
}

function byteSize(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
  const value = match
    ? Math.floor(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1))
    : Number.NaN;
  if (!Number.isFinite(value) || value < 1 || value > 2 * 1024 ** 3) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)} is not allowed: use a size from 1 byte to 2GB, e.g. 52428800 or 50MB.`,
    );
  }
  return value;
}

/** A duration: `90s`, `30m`, `24h`, `7d`, or bare milliseconds. */
function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const value = match
    ? Math.floor(Number(match[1]) * (units[(match[2] ?? 'ms').toLowerCase()] ?? 1))
    : Number.NaN;
  if (!Number.isFinite(value) || value < 1000 || value > 366 * 86_400_000) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)} is not allowed: use a duration from 1s to 366d, e.g. 24h, 90m or 86400000 (milliseconds).`,
    );
  }
  return value;
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = env.DOCKET_DATABASE_URL;
  if (raw === undefined || raw === '') return `sqlite:${path.join(dataDir, 'docket.db')}`;
  if (/^sqlite:.+/.test(raw) || /^postgres(ql)?:\/\/.+/.test(raw)) return raw;
  throw new ConfigError(
    `DOCKET_DATABASE_URL=${JSON.stringify(raw)} is not allowed: use sqlite:<file> or postgres://user:pass@host/db.`,
  );
}

function blobs(env: Env, dataDir: string): string {
  const raw = env.DOCKET_BLOBS;
  if (raw === undefined || raw === '') return `file:${path.join(dataDir, 'blobs')}`;
  if (/^file:.+/.test(raw) || /^s3:\/\/[^/]+/.test(raw)) return raw;
  throw new ConfigError(
    `DOCKET_BLOBS=${JSON.stringify(raw)} is not allowed: use file:<dir> or s3://bucket/prefix.`,
  );
}

function allowList(env: Env): AllowList {
  try {
    return parseAllowList(env.DOCKET_WEBHOOK_ALLOW);
  } catch (error) {
    throw new ConfigError(
      `${(error as Error).message}: use a comma-separated list such as 127.0.0.1/8,::1/128.`,
    );
  }
}

function publicUrl(env: Env): string | null {
  const raw = env.DOCKET_PUBLIC_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^https?:\/\/[^/]+/.test(raw)) {
    throw new ConfigError(
      `DOCKET_PUBLIC_URL=${JSON.stringify(raw)} is not allowed: use the absolute http(s) URL customers reach Docket at, e.g. https://docket.example.com.`,
    );
  }
  return raw.replace(/\/+$/, '');
}

function vision(env: Env): VisionSettings | null {
  const url = env.DOCKET_VISION_URL;
  if (url === undefined || url === '') return null;
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new ConfigError(
      `DOCKET_VISION_URL=${JSON.stringify(url)} is not allowed: use the absolute http(s) base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1.`,
    );
  }
  const model = env.DOCKET_VISION_MODEL;
  if (!model) {
    throw new ConfigError(
      'DOCKET_VISION_URL is set but DOCKET_VISION_MODEL is not: name the vision model to ask, e.g. DOCKET_VISION_MODEL=llava.',
    );
  }
  return {
    url,
    model,
    key: env.DOCKET_VISION_KEY || null,
    timeoutMs: integer(env, 'DOCKET_VISION_TIMEOUT_MS', 60_000, 1_000, 600_000),
  };
}

function foodDetector(env: Env): FoodDetectorSettings | null {
  const mode = oneOf(env, 'DOCKET_FOOD_DETECTOR', 'on', ['on', 'off', 'after-vision']);
  if (mode === 'off') return null;
  return {
    order: mode === 'after-vision' ? 'after-vision' : 'before-vision',
    minConfidence: integer(env, 'DOCKET_FOOD_DETECTOR_MIN_CONFIDENCE', 30, 1, 99) / 100,
  };
}

/** Reads and validates the configuration; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: Env = process.env): DocketConfig {
  const dataDir = path.resolve(env.DOCKET_DATA_DIR || './data');
  const host = env.DOCKET_HOST || '0.0.0.0';
  return {
    port: integer(env, 'DOCKET_PORT', 8080, 0, 65535),
    host,
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    blobs: blobs(env, dataDir),
    inlineBlobMaxBytes:
      env.DOCKET_INLINE_BLOB_MAX_BYTES?.trim() === '0'
        ? 0
        : byteSize(env, 'DOCKET_INLINE_BLOB_MAX_BYTES', 1024 * 1024),
    maxUploadBytes: byteSize(env, 'DOCKET_MAX_UPLOAD_BYTES', 50 * 1024 * 1024),
    workerConcurrency: integer(env, 'DOCKET_WORKER_CONCURRENCY', 8, 1, 1024),
    analyserThreads: integer(env, 'DOCKET_ANALYSER_THREADS', 2, 1, 64),
    logLevel: oneOf(env, 'DOCKET_LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    waitOnProcessTimeoutMs: integer(env, 'DOCKET_WAIT_TIMEOUT_MS', 60_000, 100, 600_000),
    leaseMs: integer(env, 'DOCKET_LEASE_MS', 30_000, 1_000, 3_600_000),
    webhookConcurrency: integer(env, 'DOCKET_WEBHOOK_CONCURRENCY', 64, 1, 4096),
    webhookEndpointConcurrency: integer(env, 'DOCKET_WEBHOOK_ENDPOINT_CONCURRENCY', 8, 1, 1024),
    webhookAllow: allowList(env),
    tesseract: oneOf(env, 'DOCKET_TESSERACT', 'wasm', ['wasm', 'native', 'auto']),
    vision: vision(env),
    foodDetector: foodDetector(env),
    rateLimitPerMinute: integer(env, 'DOCKET_RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    archives: {
      maxEntries: integer(env, 'DOCKET_ZIP_MAX_ENTRIES', 1000, 1, 100_000),
      maxTotalBytes: byteSize(env, 'DOCKET_ZIP_MAX_BYTES', 1024 ** 3),
      maxRatio: integer(env, 'DOCKET_ZIP_MAX_RATIO', 200, 2, 100_000),
    },
    publicUrl: publicUrl(env),
    analysis: {
      maxPages: integer(env, 'DOCKET_MAX_PAGES', 100, 1, 1_000_000),
      maxPagesByKind: pageCapsByKind(env),
      maxOcrPages: integer(env, 'DOCKET_MAX_OCR_PAGES', 20, 1, 100_000),
      // sharp decodes at most 100 megapixels here, so the cap cannot go higher.
      maxImagePixels: integer(env, 'DOCKET_MAX_IMAGE_PIXELS', 100_000_000, 1, 100_000_000),
      timeBudgetMs: integer(env, 'DOCKET_ANALYSIS_TIMEOUT_MS', 120_000, 100, 86_400_000),
      maxInterruptions: integer(env, 'DOCKET_ANALYSIS_MAX_INTERRUPTIONS', 3, 1, 100),
    },
    fairClaims: bool(env, 'DOCKET_FAIR_CLAIMS', true),
    backpressure: {
      perApplication: integer(env, 'DOCKET_QUEUE_CAP_PER_APPLICATION', 0, 0, 100_000_000),
      total: integer(env, 'DOCKET_QUEUE_CAP', 0, 0, 1_000_000_000),
      retryAfterSeconds: integer(env, 'DOCKET_QUEUE_RETRY_AFTER_SECONDS', 30, 1, 3600),
    },
    retention: {
      deleteFileAfterDelivery: bool(env, 'DOCKET_DELETE_FILE_AFTER_DELIVERY', false),
      fileDays: integer(env, 'DOCKET_FILE_RETENTION_DAYS', 30, 0, 36_500),
      resultDays: integer(env, 'DOCKET_RESULT_RETENTION_DAYS', 0, 0, 36_500),
      sweepIntervalMs: integer(env, 'DOCKET_RETENTION_SWEEP_MS', 60_000, 50, 86_400_000),
    },
    jobs: {
      resultTtlMs: duration(env, 'DOCKET_JOB_RESULT_TTL', 86_400_000),
      fileTtlMs: duration(env, 'DOCKET_JOB_FILE_TTL', 86_400_000),
    },
    scaleOut: scaleOut(env),
  };
}
