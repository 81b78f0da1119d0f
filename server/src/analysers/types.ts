/**
 * The analyser contract. Analysers are pure: (file bytes, mime type, options) -> result or error.
 * They never touch the database, the blob store or the network; they run inside worker threads
 * (see `pool.ts`), so everything crossing this boundary must be structured-cloneable.
 */

/** What an analyser is given. */
export interface AnalysisInput {
  /** The record kind that selected this analyser (`text`, `lab_report`, ...). */
  kind: string;
  /** The uploaded file. */
  bytes: Uint8Array;
  /** The sniffed MIME type (file-type), e.g. `application/pdf`, `image/jpeg`. */
  mimeType: string;
  /** The client's file name, when it sent one. */
  filename: string | null;
  /** Kind-specific options from the upload (e.g. `include_ingredients`). */
  options: Record<string, unknown>;
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

/**
 * One analyser: a kind and the pure function that handles it. The file types each kind accepts
 * are in catalog.ts, read by intake to answer 415 before anything is stored.
 */
export interface Analyser {
  kind: string;
  analyse(input: AnalysisInput): Promise<AnalysisOutcome>;
}
