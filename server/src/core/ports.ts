/**
 * The ports of Docket's core. Adapters implement them (embedded: SQLite + files + a job table;
 * scale-out: PostgreSQL + S3 + pg-boss) and the composition root (`main.ts`) wires one set.
 * Nothing here knows a SQL dialect, a file system layout or HTTP.
 */

import type { DocumentState, DocumentStatusReport, OAuthClient } from './document-types.ts';
import type {
  ApiKey,
  Application,
  ApplicationSettings,
  Delivery,
  DeliveryAttempt,
  DeliveryStatus,
  DocketEvent,
  DocketRecord,
  Endpoint,
  RecordError,
  RecordStatus,
  SigningKey,
  Template,
} from './domain.ts';

// ---------------------------------------------------------------------------------------------
// Time and files

/** The time, injectable so tests can move it. */
export interface Clock {
  now(): Date;
}

/** How a pre-signed download presents itself. */
export interface DownloadAs {
  filename?: string | null;
  contentType?: string | null;
}

/** A file fetched through a pre-signed link. */
export interface PresignedDownload {
  bytes: Buffer;
  filename: string | null;
  contentType: string | null;
}

/** Uploaded files and other large bytes, keyed by opaque strings. */
export interface BlobStore {
  /** Stores bytes durably: when the promise resolves, the data survives a crash. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Reads the bytes; rejects with a `not_found` DocketError when absent. */
  get(key: string): Promise<Buffer>;
  /** Deletes the bytes; succeeds when they are already gone. */
  delete(key: string): Promise<void>;
  /**
   * Where this store keeps these bytes in the {@link Store}'s own database (the embedded set's small
   * blobs), the step that writes them as part of a transaction: run it inside `store.transaction`
   * and the bytes are durable when that commits and absent when it rolls back, with no commit of
   * their own. `undefined` (or no method): `put` them before the transaction.
   */
  putInTransaction?(key: string, data: Uint8Array): ((tx: Repositories) => Promise<void>) | undefined;
  /**
   * A URL anyone can GET for `ttlSeconds`, downloading the blob under `download`'s name and type.
   * S3 presigns its own; the file store signs a link Docket serves itself (`GET /v1/files/{token}`).
   */
  presignedUrl(key: string, ttlSeconds: number, download?: DownloadAs): Promise<string>;
  /**
   * The file a link this store signed grants. Rejects with a 403 DocketError (`url_expired`,
   * `invalid_signature`) for a link that expired or was changed, `not_found` when the blob is gone.
   */
  openPresigned(token: string): Promise<PresignedDownload>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The task queue and the worker

/** What to enqueue (build one with `taskSpec` from tasks.ts). */
export interface TaskSpec {
  type: string;
  payload: Record<string, unknown>;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** A second enqueue with the same key is ignored. */
  idempotencyKey?: string;
  /** Whose work it is (the application id): fair claims take tasks in turn across lanes. */
  lane?: string;
}

/** How a claim picks among ready tasks. */
export interface ClaimOptions {
  /**
   * Take ready tasks in turn across lanes (round robin) rather than oldest first, so one lane's
   * backlog cannot starve another's.
   */
  fair?: boolean;
}

/** A task some worker holds a lease on. `leaseToken` fences writes made under the lease. */
export interface LeasedTask {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** How many times it has been claimed, this claim included. */
  attempts: number;
  leaseToken: number;
  leasedUntil: Date;
  /** The task's lane, when it was enqueued with one. */
  lane?: string;
}

/** The transactional side of the queue: enqueue and finish inside the caller's transaction. */
export interface TaskWriter {
  enqueue(spec: TaskSpec): Promise<void>;
  /** Marks the task done if the lease is still ours; throws LeaseLostError otherwise. */
  complete(task: LeasedTask): Promise<void>;
}

/** The consuming side of the queue, used by the worker runtime. */
export interface TaskQueue {
  /** Leases up to `limit` ready tasks of the given types. */
  claim(
    types: readonly string[],
    limit: number,
    leaseMs: number,
    options?: ClaimOptions,
  ): Promise<LeasedTask[]>;
  /** Extends the lease; `false` when it was lost (expired and claimed elsewhere). */
  renew(task: LeasedTask, leaseMs: number): Promise<boolean>;
  /** Marks a task done outside any other transaction; `false` when the lease was lost. */
  complete(task: LeasedTask): Promise<boolean>;
  /** Puts a task back to run at `runAt` (after an infrastructure error), keeping its attempt count. */
  retry(task: LeasedTask, runAt: Date, error: string): Promise<boolean>;
  /** Gives up on a task for good; it stays in the table as `dead` with the error. */
  bury(task: LeasedTask, error: string): Promise<boolean>;
  /** Hands a leased task back untouched (graceful shutdown). */
  release(task: LeasedTask): Promise<void>;
  /** The earliest `run_at` among waiting tasks of these types, for the worker's timer. */
  nextRunAt(types: readonly string[]): Promise<Date | null>;
  /**
   * Called when tasks may be ready (a local commit enqueued one), with their types when known
   * (`undefined`: any type); returns an unsubscribe.
   */
  onReady(listener: (types?: ReadonlySet<string>) => void): () => void;
  /**
   * Offers tasks that commits in this process enqueue to `acceptor` before they are written, so a
   * worker with a free slot gets them leased at insert and started when the commit is durable,
   * without a claim of its own; returns an unsubscribe. Queues that cannot do it leave it out.
   */
  acceptHandoffs?(acceptor: HandoffAcceptor): () => void;
  close(): Promise<void>;
}

/**
 * A free slot a worker lends to one task a local commit is enqueueing: the task is written already
 * leased to it (attempt 1, fencing token 1) and handed over once that commit is durable.
 */
export interface HandoffSlot {
  /** How long the lease the task is written with lasts. */
  readonly leaseMs: number;
  /** The commit is durable: the task is this worker's to run. */
  start(task: LeasedTask): void;
  /** No task came of it (rolled back, already enqueued under its key, or the commit failed). */
  cancel(): void;
}

/** Takes tasks that local commits hand over (see {@link TaskQueue.acceptHandoffs}). */
export interface HandoffAcceptor {
  /** A slot for a task of `type` that is ready now, or `undefined` to leave it to a claim. */
  reserve(type: string): HandoffSlot | undefined;
}

/**
 * Handles one task type in the worker runtime. Throwing retries the task with backoff; returning
 * completes it, unless the handler says `'completed'` because it already did so inside its own
 * transaction.
 */
export interface TaskHandler {
  type: string;
  /** At most this many of these tasks run at once in this process. */
  concurrency: number;
  /** Attempts before the task is buried as `dead`. */
  maxAttempts?: number;
  /** Claim its tasks in turn across lanes (see {@link ClaimOptions.fair}). */
  fair?: boolean;
  /**
   * Up to this many tasks are claimed ahead and held, leased, until a slot frees; default 0.
   * Short tasks use it so the queue is claimed in batches rather than one commit per free slot.
   */
  prefetch?: number;
  /** Told of each batch of tasks as it is claimed, before any of them runs (to load their data together). */
  claimed?(tasks: readonly LeasedTask[]): void;
  handle(task: LeasedTask, signal: AbortSignal): Promise<'completed' | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Analysis (the analysers implement it in worker threads)

/**
 * Bounds on one analysis, so one heavy or hostile document cannot hold an analyser for long.
 * Over a bound the record fails with a reason naming it.
 */
export interface AnalysisLimits {
  /** Most pages a PDF of this kind may have (`page_limit_exceeded`). */
  maxPages: number;
  /** Most pages of one document that go through OCR (`ocr_page_limit_exceeded`). */
  maxOcrPages: number;
  /** Most pixels (width × height) an image may have (`image_too_large`). */
  maxImagePixels: number;
  /**
   * The time budget and when it ends (epoch ms), set as the analysis starts on its thread.
   * Analysers stop at their next page past it (`analysis_timeout`), so a thread is ended by force
   * only when one page alone outlasts the grace after it.
   */
  timeBudget?: { endsAt: number; budgetMs: number };
}

/** What an analyser is given. Everything crossing the thread boundary is structured-cloneable. */
export interface AnalysisInput {
  /** The record kind that selected the analyser (`text`, `lab_report`, ...). */
  kind: string;
  /** The uploaded file. */
  bytes: Uint8Array;
  /** The sniffed MIME type (file-type), e.g. `application/pdf`, `image/jpeg`. */
  mimeType: string;
  /** The client's file name, when it sent one. */
  filename: string | null;
  /** Kind-specific options from the upload (e.g. `include_ingredients`), plus any analysis context. */
  options: Record<string, unknown>;
  /** Bounds checked before and during the analysis; absent: none. */
  limits?: AnalysisLimits;
}

/** A failure a person can act on; becomes the record's `failed` reason. */
export interface AnalysisFailure {
  /** Stable machine code, e.g. `pdf_encrypted`, `pdf_corrupt`, `no_lab_results`. */
  code: string;
  /** One sentence saying what went wrong and what to do about it. */
  message: string;
}

/** The outcome of one analysis. `pages` feeds usage accounting (credits per page). */
export type AnalysisOutcome =
  | { ok: true; result: unknown; pages: number }
  | { ok: false; error: AnalysisFailure; pages?: number };

/** How one analysis is scheduled in the pool. */
export interface AnalysisRunOptions {
  /**
   * Whose analysis it is (the application): while every thread is busy, waiting analyses start
   * in turn across lanes, so one lane's backlog does not delay another's.
   */
  lane?: string;
  /**
   * Longest the analysis may run once it has started on a thread; past it the thread is ended
   * and the outcome is the failure `analysis_timeout`. Absent: no bound.
   */
  timeBudgetMs?: number;
}

/** Runs analyses off the event loop that serves HTTP and renews leases. */
export interface AnalyserPool {
  run(input: AnalysisInput, options?: AnalysisRunOptions): Promise<AnalysisOutcome>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Intake

/** Which record kinds exist and which file types each accepts. Intake answers 415 for the rest. */
export interface KindCatalog {
  kinds(): readonly string[];
  /** `undefined` when the kind is unknown. */
  mimeTypesFor(kind: string): readonly string[] | undefined;
}

/** Finds a file's real type from its first bytes; `null` when it is not a type Docket knows. */
export type Sniffer = (bytes: Uint8Array) => Promise<{ mime: string; ext: string } | null>;

// ---------------------------------------------------------------------------------------------
// The outbox: events and what they cause

/** What an event is about, for hooks that treat products differently (endpoint binding, retry presets). */
export interface EventSubject {
  /** The record kind (`lab_report`, `nutrition`, …), when the event is about a record. */
  kind: string | null;
  /** The product the record belongs to (`lab_reports`, `templates`, …); `null` for none. */
  product: string | null;
  /** The resource within the product the record belongs to (a template's id), if any. */
  resourceId: string | null;
}

/** Runs inside the transaction that writes an event; adds what the event causes (e.g. deliveries). */
export type OutboxHook = (tx: Repositories, event: DocketEvent, subject: EventSubject) => Promise<void>;

/**
 * Renders the event's data: the exact body webhooks will carry, in the shape of the record's
 * product (seed 000's lab report, seed 001's nutrition record, the native envelope, …). Rendering
 * once, at the moment of the event, makes every retry byte-identical.
 */
export type EventRenderer = (type: string, record: DocketRecord, at: Date) => Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Delivery seams a product can use (webhooks/ calls them; it knows nothing of records)

/** One attempt about to be sent, for products whose body changes per attempt. */
export interface AttemptToRender {
  /** The event's data as stored when the event was written. */
  eventBody: string;
  delivery: Delivery;
  endpoint: Endpoint;
  now: Date;
}

/**
 * Renders the body of one attempt. `webhook-id` stays the event id whatever the body, so receivers
 * still dedupe; products that need nothing per attempt have no renderer and send stored bytes.
 */
export type AttemptRenderer = (attempt: AttemptToRender) => Promise<string>;

/** What a product does around its deliveries. */
export interface DeliveryHooks {
  /**
   * Asked before each attempt; `false` cancels the delivery because the customer already has what
   * it carries (seed 003: the document was confirmed synchronised). Absent: always wanted.
   */
  wanted?(delivery: Delivery): Promise<boolean>;
  /**
   * Runs inside the transaction that settles a delivery for good (`succeeded`, or `failed` after
   * its last attempt), so what it writes commits with the outcome (seed 002: delete the upload).
   */
  settled?(tx: Repositories, delivery: Delivery, status: 'succeeded' | 'failed'): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Records, events and the rest of the metadata

/** Fields of a new record. */
export interface NewRecord {
  id: string;
  applicationId: string;
  kind: string;
  mimeType: string;
  filename: string | null;
  sizeBytes: number;
  blobKey: string;
  applicationUserId: string | null;
  options: Record<string, unknown>;
  parentId: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
}

/** Filters and cursor for listing records. */
export interface RecordQuery {
  applicationId: string;
  kind?: string;
  /** Only the children of this batch upload. */
  parentId?: string;
  status?: RecordStatus;
  createdAfter?: Date;
  createdBefore?: Date;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How much work waits: records queued or processing, and the oldest queued one's upload time. */
export interface Backlog {
  queued: number;
  processing: number;
  oldestQueuedAt: Date | null;
}

/** Which finished records of an application still holding a file are due for deletion. */
export interface FileRetentionQuery {
  applicationId: string;
  /** Finished before this time (age rule); */
  finishedBefore?: Date;
  /** or finished with no webhook delivery still pending (delivered rule). */
  delivered?: boolean;
  limit: number;
}

export interface RecordRepository {
  insert(record: NewRecord): Promise<DocketRecord>;
  /** Scoped to the application: another tenant's record is simply not found. */
  get(applicationId: string, id: string): Promise<DocketRecord | null>;
  /** Unscoped, for workers. */
  getById(id: string): Promise<DocketRecord | null>;
  findByIdempotencyKey(applicationId: string, key: string): Promise<DocketRecord | null>;
  list(query: RecordQuery): Promise<Page<DocketRecord>>;
  /** `queued → processing`; returns the record, or `null` when it is not in a state that allows it. */
  markProcessing(id: string, stage: string, at: Date): Promise<DocketRecord | null>;
  setStage(id: string, stage: string, at: Date): Promise<void>;
  /** Moves a non-terminal record to `completed`/`failed`; `null` when it was already terminal. */
  finish(
    id: string,
    outcome:
      | { status: 'completed'; result: unknown; pages: number }
      | { status: 'failed'; error: RecordError; pages: number | null },
    at: Date,
  ): Promise<DocketRecord | null>;
  clearBlob(id: string): Promise<void>;
  /**
   * Deletes a terminal record's result (seed 002's job retention), stamped `resultDeletedAt` like
   * the retention sweep's deletions, and, as the sweep does, the events that carried it (their
   * webhook bodies), so the result cannot be read back from the event log; the record and its
   * page count stay. Run it in a transaction: both deletions happen or neither.
   */
  clearResult(id: string, at: Date): Promise<void>;
  /** Records queued or processing: of one application, or of all when `applicationId` is absent. */
  backlog(applicationId?: string): Promise<Backlog>;
  /** Ids of finished records that still hold a file and are due under the query's rule. */
  filesDue(query: FileRetentionQuery): Promise<string[]>;
  /** Notes that the record's file is gone (and why); `false` when it was already noted. */
  markFileDeleted(id: string, reason: string, at: Date): Promise<boolean>;
  /**
   * Deletes the results of up to `limit` records of the application that finished before
   * `finishedBefore`, and the events that carried copies of them; returns the records' ids.
   */
  deleteResults(applicationId: string, finishedBefore: Date, limit: number, at: Date): Promise<string[]>;
}

export interface EventRepository {
  append(event: Omit<DocketEvent, 'seq'>): Promise<DocketEvent>;
  /** Events after `after`, oldest first; only of `type` and only about `recordId` when given. */
  list(
    applicationId: string,
    after: number,
    limit: number,
    type?: string,
    recordId?: string,
  ): Promise<DocketEvent[]>;
}

export interface ApplicationRepository {
  /** Stores a new application; returns it with the number the store assigned. */
  insert(app: Omit<Application, 'number'>, signingKey: SigningKey): Promise<Application>;
  get(id: string): Promise<Application | null>;
  list(): Promise<Application[]>;
  signingKeys(id: string): Promise<SigningKey[]>;
  setSigningKeys(id: string, keys: SigningKey[]): Promise<void>;
  /** The application's own settings; every field `null` (the default) when it set none. */
  settings(id: string): Promise<ApplicationSettings>;
  /** Replaces the application's settings. */
  saveSettings(id: string, settings: ApplicationSettings, at: Date): Promise<void>;
}

export interface ApiKeyRepository {
  insert(key: ApiKey): Promise<void>;
  findByHash(hash: string): Promise<ApiKey | null>;
}

/** A stored answer to a POST that carried an `Idempotency-Key`. */
export interface IdempotencyEntry {
  applicationId: string;
  key: string;
  fingerprint: string;
  statusCode: number | null;
  responseBody: string | null;
  createdAt: Date;
}

export interface IdempotencyRepository {
  /** Reserves the key; `false` when an entry already exists. */
  reserve(entry: IdempotencyEntry): Promise<boolean>;
  get(applicationId: string, key: string): Promise<IdempotencyEntry | null>;
  saveResponse(applicationId: string, key: string, statusCode: number, body: string): Promise<void>;
  /** Takes over a reservation whose request never finished (the process died). */
  takeOver(applicationId: string, key: string, olderThan: Date, now: Date): Promise<boolean>;
  release(applicationId: string, key: string): Promise<void>;
}

export interface EndpointRepository {
  insert(endpoint: Endpoint): Promise<void>;
  get(applicationId: string, id: string): Promise<Endpoint | null>;
  getById(id: string): Promise<Endpoint | null>;
  list(applicationId: string): Promise<Endpoint[]>;
  /**
   * The application's active endpoints. An application has a handful, so which of them take an
   * event is decided in code (`endpointTakes`), not in dialect-specific JSON SQL.
   */
  active(applicationId: string): Promise<Endpoint[]>;
  /** The endpoints bound to one resource of a product (seed 002: a template's webhooks). */
  boundTo(applicationId: string, product: string, resourceId: string): Promise<Endpoint[]>;
  update(endpoint: Endpoint): Promise<void>;
  delete(applicationId: string, id: string): Promise<boolean>;
  /** Starts the endpoint's run of failures (kept if one is running) or clears it (`null`). */
  setFailingSince(id: string, since: Date | null): Promise<void>;
  disable(id: string, reason: string, at: Date): Promise<void>;
}

export interface DeliveryQuery {
  applicationId: string;
  status?: DeliveryStatus;
  endpointId?: string;
  /** Only the deliveries of events about this record (seed 002: a job's webhooks). */
  recordId?: string;
  cursor?: string;
  limit: number;
}

export interface DeliveryRepository {
  insert(delivery: Delivery): Promise<void>;
  get(applicationId: string, id: string): Promise<Delivery | null>;
  /**
   * Deliveries with their event's JSON as stored, in one read: the hot path of every attempt, so
   * the attempts started together load together. `eventBody` is null when the event is gone;
   * unknown ids are left out.
   */
  getManyForAttempt(ids: readonly string[]): Promise<Array<{ delivery: Delivery; eventBody: string | null }>>;
  list(query: DeliveryQuery): Promise<Page<Delivery>>;
  /** Failed deliveries of an endpoint whose last change is at or after `since` (for recovery). */
  failedSince(endpointId: string, since: Date, limit: number): Promise<Delivery[]>;
  /** Records an attempt's outcome; returns false when the delivery was no longer pending. */
  recordAttempt(
    attempt: DeliveryAttempt,
    next: {
      status: DeliveryStatus;
      nextAttemptAt: Date | null;
      lastStatusCode: number | null;
      lastError: string | null;
    },
    at: Date,
  ): Promise<boolean>;
  /** Stops a pending delivery for good without a failure (`cancelled`); false when it was not pending. */
  cancel(id: string, reason: string, at: Date): Promise<boolean>;
  /** Puts a finished delivery back to `pending` for another round of attempts. */
  reopen(id: string, at: Date): Promise<boolean>;
  /** Pending and failed counts per endpoint, for metrics. */
  countsByEndpoint(): Promise<Array<{ endpointId: string; status: DeliveryStatus; count: number }>>;
  attempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  /** The application's deliveries created at or after `since`, counted per status (usage page). */
  statusCountsSince(
    applicationId: string,
    since: Date,
  ): Promise<Array<{ status: DeliveryStatus; count: number }>>;
  /** Outcome and latency of the application's newest attempts started at or after `since` (at most `limit`). */
  attemptSamplesSince(applicationId: string, since: Date, limit: number): Promise<AttemptSample[]>;
}

/** One attempt reduced to what usage figures need. */
export interface AttemptSample {
  startedAt: Date;
  outcome: 'success' | 'failure';
  latencyMs: number;
}

/**
 * Counts requests per key in fixed time windows, for rate limits. The embedded mode counts in
 * memory (one process); the scale-out mode counts in the database so every API process sees the
 * same totals.
 */
export interface RateCounter {
  /** Counts one hit; returns the hits in the current window, this one included, and when it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** Filters and cursor for listing validated documents (seed 003's polling). */
export interface DocumentQuery {
  applicationId: string;
  /** Only documents confirmed imported (`true`) or not (`false`). */
  synchronized?: boolean;
  cursor?: string;
  limit: number;
}

/** Validated documents' review and synchronisation state, and their status reports. */
export interface DocumentRepository {
  /** Stores a newly validated document; `false` when it was already validated. */
  insert(document: DocumentState): Promise<boolean>;
  /** Scoped to the application: another tenant's document is simply not found. */
  get(applicationId: string, id: string): Promise<DocumentState | null>;
  /** Unscoped, for workers. */
  getById(id: string): Promise<DocumentState | null>;
  /** Newest validated first. */
  list(query: DocumentQuery): Promise<Page<DocumentState>>;
  /** Writes the synchronisation fields (`synchronized`, `synchronizedAt`, `lastReport`, `updatedAt`). */
  update(document: DocumentState): Promise<void>;
  /**
   * Takes the document's manual-synchronisation slot: sets `lastSyncRequestedAt` to `now` unless
   * the previous request is later than `notBefore`; `false` then (one atomic statement on every store).
   */
  claimSync(id: string, now: Date, notBefore: Date): Promise<boolean>;
  addReport(applicationId: string, report: DocumentStatusReport): Promise<void>;
  /** Every status report of a document, oldest first. */
  reports(documentId: string): Promise<DocumentStatusReport[]>;
}

export interface OAuthClientRepository {
  insert(client: OAuthClient): Promise<void>;
  /** Unscoped: the token endpoint knows only the client id. */
  get(id: string): Promise<OAuthClient | null>;
  list(applicationId: string): Promise<OAuthClient[]>;
  /** `false` when the application has no such client (or it was already revoked). */
  revoke(applicationId: string, id: string, at: Date): Promise<boolean>;
}

/** Secrets every process of a deployment must share (the key access tokens are signed with). */
export interface SecretRepository {
  /** The secret named `name`, stored as `create()` the first time (the first writer wins). */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** Seed 002's templates, scoped to their application. */
export interface TemplateRepository {
  insert(template: Template): Promise<void>;
  get(applicationId: string, id: string): Promise<Template | null>;
  /** Newest first, a page at a time. */
  list(applicationId: string, cursor: string | undefined, limit: number): Promise<Page<Template>>;
  /** Up to `limit` of the application's templates, oldest first (keyword selection tries them all). */
  all(applicationId: string, limit: number): Promise<Template[]>;
  update(template: Template): Promise<void>;
  delete(applicationId: string, id: string): Promise<boolean>;
}

/** Credits spent on one UTC day. */
export interface DailyCredits {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  credits: number;
  /** Jobs completed that day. */
  jobs: number;
}

/**
 * Credits: what completed jobs of a kind cost (their page count, recorded on each job's record
 * when it completes), and an application's optional ceiling.
 */
export interface UsageRepository {
  /** Credits per UTC day of completion, oldest first, for jobs completed in `[from, to)`. */
  creditsPerDay(applicationId: string, kind: string, from: Date, to: Date): Promise<DailyCredits[]>;
  /** Every credit the application's completed jobs of `kind` have cost. */
  creditsUsed(applicationId: string, kind: string): Promise<number>;
  /** The application's credit limit; `null` for none. */
  creditLimit(applicationId: string): Promise<number | null>;
  /** Sets (or, with `null`, removes) the application's credit limit. */
  setCreditLimit(applicationId: string, limit: number | null, at: Date): Promise<void>;
}

/** The repositories, bound either to autocommit or to one transaction. */
export interface Repositories {
  applications: ApplicationRepository;
  apiKeys: ApiKeyRepository;
  records: RecordRepository;
  events: EventRepository;
  idempotency: IdempotencyRepository;
  endpoints: EndpointRepository;
  deliveries: DeliveryRepository;
  tasks: TaskWriter;
  documents: DocumentRepository;
  oauthClients: OAuthClientRepository;
  secrets: SecretRepository;
  templates: TemplateRepository;
  usage: UsageRepository;
}

/** How a transaction is acknowledged. */
export interface TransactionOptions {
  /**
   * `false`: resolve once the commits before it are durable, without waiting for its own, for a
   * change whose loss in a power cut changes nothing anyone was told (a record marked
   * `processing`: the task's lease is lost with it and the task runs again). Default `true`.
   * A store may always wait (PostgreSQL commits synchronously).
   */
  durable?: boolean;
}

/** Metadata storage. Each `transaction` commits atomically and durably, or not at all. */
export interface Store extends Repositories {
  /**
   * Runs `work` in one transaction. `work` may run more than once (group commit retries a batch
   * one unit at a time, PostgreSQL may retry on conflicts), so it must change nothing but the
   * database through the repositories it is given.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Cheap liveness probe for `/readyz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
