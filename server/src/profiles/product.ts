/**
 * What Docket knows about one product — one seed's API, or the native API: the record kinds it owns
 * and how each is analysed, its retry preset, its API's word for a record's state, the events it
 * emits, its routes, and the body of its webhooks. `catalog.ts` lists every product; adding one is
 * a folder here with its descriptor (plus its analyser under analysers/) and one line there.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { Analyser } from '../analysers/types.ts';
import type { DocketRecord } from '../core/domain.ts';
import type { AttemptRenderer, BlobStore, Clock, DeliveryHooks, Store } from '../core/ports.ts';
import type { HttpContext } from '../http/context.ts';
import type { RetryPresetName } from '../webhooks/retry-policy.ts';

/** One record kind a product owns. */
export interface KindDescriptor {
  /** File types intake accepts for the kind (sniffed from the bytes, never taken on the client's word). */
  mimeTypes: readonly string[];
  /**
   * Creates the kind's analyser inside an analyser thread on first use (a dynamic import, so a
   * thread loads only what it runs). Absent: this build cannot analyse the kind, and its records
   * fail with `analyser_unavailable` rather than with an invented result.
   */
  analyser?: (settings: AnalyserSettings) => Promise<Analyser>;
}

/** What a product's analysis context may read. */
export interface AnalysisContextDeps {
  store: Store;
}

/** What a product's delivery hooks and attempt renderer may use. */
export interface ProductServices {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
}

export interface ProductDescriptor {
  /** The product's name: endpoints bind to it, deliveries remember it. */
  name: string;
  /** The record kinds it owns; every kind belongs to exactly one product. */
  kinds: Readonly<Record<string, KindDescriptor>>;
  /** The retry schedule its seed promises, for endpoints that set none. */
  retryPreset: RetryPresetName;
  /** Every event type its records can cause, for validating endpoint subscriptions. */
  events: readonly string[];
  /** Its API's word for a record's state (seed 000's `processing`, seed 001's `pending`, …). */
  status(record: DocketRecord): string;
  /**
   * The webhook body of an event of `type` about one of its records, rendered once when the event
   * is written (so retries are byte-identical); absent: the native envelope.
   */
  render?(record: DocketRecord, type: string, at: Date): Record<string, unknown>;
  /** The resource within the product a record belongs to (seed 002's template), for endpoint binding. */
  resourceOf?(record: DocketRecord): string | null;
  /**
   * For products whose webhook body changes per attempt (seed 003's `meta.webhook_id` and a
   * pre-signed URL that must still be valid when it arrives). Absent: every attempt sends the
   * event's stored bytes.
   */
  attemptRenderer?(services: ProductServices): AttemptRenderer;
  /**
   * What its analyser needs beyond the upload's own options, read when the analysis starts and
   * merged into the analyser's options (seed 002: the job's template, or the application's
   * templates for keyword selection, and the job's static values).
   */
  analysisContext?(record: DocketRecord, deps: AnalysisContextDeps): Promise<Record<string, unknown>>;
  /** What the product does around its deliveries (delete the upload once delivered, …). */
  deliveryHooks?(services: ProductServices): DeliveryHooks;
  /** Its HTTP routes. */
  routes(ctx: HttpContext): readonly FastifyPluginAsyncTypebox[];
}
