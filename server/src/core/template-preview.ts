/**
 * Template previews: an UNSAVED template definition tried on a sample the application uploaded
 * earlier (any record whose file is still stored), so an editor can show what each field would
 * extract, and where on the page, while the user types. Nothing is stored, charged or delivered.
 *
 * Reading a document (text layer, OCR) costs far more than applying a template to it, and an
 * editor previews the same sample on every change, so each sample is read once and its reading
 * kept for a while (per application and record).
 */
import type { DocketRecord } from './domain.ts';
import { DocketError } from './errors.ts';
import type { BlobStore, Clock, Store } from './ports.ts';
import { TtlCache } from './ttl-cache.ts';

/** Where a field's value was found: zero-based page and a box in normalised page coordinates (0..1). */
export interface PreviewMatch {
  field: string;
  page: number;
  box: { x0: number; y0: number; x1: number; y1: number };
}

/** What a definition extracts from a sample. */
export interface PreviewExtraction {
  fields: Record<string, unknown>;
  /** Every line-item list by its name. */
  line_items: Record<string, Record<string, unknown>[]>;
  matches: PreviewMatch[];
  /** Required fields (and line-item lists) that came out empty. */
  missing_required: string[];
  warnings: string[];
  /** Whether all the template's keywords (and none of its exclude keywords) occur in the sample. */
  keywords_match: boolean;
}

/** A sample as read once: what {@link TemplateEvaluator.evaluate} applies definitions to. */
export interface ReadSample {
  pages: number;
  /** How the text was read: the text layer, OCR, or both. */
  source: 'text' | 'ocr' | 'mixed';
}

/**
 * The template engine behind previews (the template analyser implements it). Definitions reach it
 * already checked against the definition schema by the API.
 */
export interface TemplateEvaluator<Sample extends ReadSample = ReadSample> {
  /** Problems that make a schema-valid definition unusable, each naming where; empty when fine. */
  problems(definition: Record<string, unknown>): string[];
  /** Reads a document once, or says why it cannot serve as a sample (unreadable, no text…). */
  read(bytes: Uint8Array, mimeType: string): Promise<SampleReading<Sample>>;
  /**
   * Applies a definition with no {@link problems} to a sample read by {@link read}; the problems
   * only applying it can reveal come back as `problems`.
   */
  evaluate(definition: Record<string, unknown>, sample: Sample): PreviewExtraction | { problems: string[] };
}

/** A sample read, or why it cannot be one (the message says what to send instead). */
export type SampleReading<Sample extends ReadSample = ReadSample> =
  | { ok: true; sample: Sample }
  | { ok: false; code: string; message: string };

/** A preview's answer: the extraction and the sample it came from. */
export interface TemplatePreview extends PreviewExtraction {
  sample_record_id: string;
  pages: number;
  source: ReadSample['source'];
}

export interface TemplatePreviewOptions {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  evaluator: TemplateEvaluator;
  /** File types a sample may be (the template product's). */
  sampleTypes: readonly string[];
  /** How long a sample's reading is kept; default 10 minutes. */
  cacheMs?: number;
  /** Most samples kept read at once; default 32. */
  cacheSize?: number;
}

/** 400 naming every problem, worded as the template API words them. */
function invalidTemplate(problems: string[]): DocketError {
  return new DocketError(
    'invalid',
    'invalid_template',
    `the template cannot be used: ${problems.join('; ')}`,
    {
      field: 'definition',
      problems,
    },
  );
}

export class TemplatePreviews {
  readonly #options: TemplatePreviewOptions;
  /** The reading (or the read in flight) per `applicationId:recordId`. */
  readonly #samples: TtlCache<string, Promise<SampleReading>>;

  constructor(options: TemplatePreviewOptions) {
    this.#options = options;
    this.#samples = new TtlCache(options.cacheMs ?? 600_000, options.clock, options.cacheSize ?? 32);
  }

  /** Tries `definition` on the application's record `sampleRecordId` (see the module comment). */
  async preview(
    applicationId: string,
    definition: Record<string, unknown>,
    sampleRecordId: string,
  ): Promise<TemplatePreview> {
    const problems = this.#options.evaluator.problems(definition);
    if (problems.length > 0) throw invalidTemplate(problems);
    const record = await this.#options.store.records.get(applicationId, sampleRecordId);
    if (!record) {
      throw new DocketError(
        'not_found',
        'sample_not_found',
        `no record with id ${sampleRecordId}: upload the sample first (POST /v1/records) and send its id`,
        { field: 'sample_record_id' },
      );
    }
    const sample = await this.#sampleOf(record);
    const extraction = this.#options.evaluator.evaluate(definition, sample);
    if ('problems' in extraction) throw invalidTemplate(extraction.problems);
    return { sample_record_id: record.id, pages: sample.pages, source: sample.source, ...extraction };
  }

  async #sampleOf(record: DocketRecord): Promise<ReadSample> {
    if (!this.#options.sampleTypes.includes(record.mimeType)) {
      throw new DocketError(
        'unsupported_media',
        'sample_type_unsupported',
        `record ${record.id} is ${record.mimeType}: a sample must be a PDF or an image (${this.#options.sampleTypes.join(', ')})`,
        { field: 'sample_record_id' },
      );
    }
    if (!record.blobKey || record.fileDeletedAt) {
      throw new DocketError(
        'gone',
        'sample_file_deleted',
        `record ${record.id}'s file has been deleted (delivered jobs and expired files are); upload the sample again`,
        { field: 'sample_record_id' },
      );
    }
    const key = `${record.applicationId}:${record.id}`;
    const blobKey = record.blobKey;
    let reading = this.#samples.get(key);
    if (!reading) {
      // The promise itself is kept, so previews sent while the sample is being read wait for that one read.
      reading = this.#options.blobs
        .get(blobKey)
        .then((bytes) => this.#options.evaluator.read(bytes, record.mimeType));
      this.#samples.set(key, reading);
      // A read that threw (storage down…) is not kept: the next preview tries again.
      reading.catch(() => this.#samples.delete(key));
    }
    const read = await reading;
    if (read.ok) return read.sample;
    // An unreadable file stays unreadable: its answer is kept like a reading.
    throw new DocketError('unprocessable', read.code, read.message, { field: 'sample_record_id' });
  }
}
