/**
 * Intake: turns an upload into a durable record with its analysis task. The file is on disk
 * before the record commits (or commits with it, when the blob store keeps it in the same
 * database), and the record and its task commit together, so an accepted upload is never lost
 * between the database and the queue.
 */
import type { DocketRecord } from './domain.ts';
import { DocketError } from './errors.ts';
import { newId } from './ids.ts';
import type { BlobStore, Clock, KindCatalog, Sniffer, Store } from './ports.ts';
import { TASKS, taskSpec } from './tasks.ts';

/** One upload, as any profile hands it to the core. */
export interface Submission {
  applicationId: string;
  kind: string;
  bytes: Uint8Array;
  /** What the client said the file is; checked against what the bytes are. */
  declaredMimeType?: string | null;
  filename?: string | null;
  applicationUserId?: string | null;
  options?: Record<string, unknown>;
  /** Repeating a submission with the same key returns the first record. */
  idempotencyKey?: string | null;
  parentId?: string | null;
}

export interface SubmitResult {
  record: DocketRecord;
  /** True when an earlier submission with the same idempotency key answered. */
  replayed: boolean;
}

const MIME_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/tif': 'image/tiff',
  'application/x-pdf': 'application/pdf',
  'application/x-zip-compressed': 'application/zip',
  'multipart/x-zip': 'application/zip',
};

/** Lower-case, parameters dropped, common aliases folded. */
function normaliseMimeType(mime: string): string {
  const bare = mime.split(';')[0]!.trim().toLowerCase();
  return MIME_ALIASES[bare] ?? bare;
}

/** C0/C1 control characters (NUL, escape, …) and the bidi controls that reorder displayed text. */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Bidi_Control}]/u;

/** Refuses identifiers and names that would be stored and echoed with control characters in them. */
function refuseControlCharacters(field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const found = CONTROL_CHARACTERS.exec(value);
  if (!found) return;
  const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new DocketError(
    'invalid',
    'control_character',
    `${field} contains the control character ${code} at position ${found.index}: control and bidi-override characters are refused; send printable text`,
    { field, character: code, position: found.index },
  );
}

export interface IntakeDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  catalog: KindCatalog;
  sniff: Sniffer;
  maxUploadBytes: number;
  /** Refuses an upload over a queue cap (429/503) before anything is stored; absent: no caps. */
  admit?: (applicationId: string) => Promise<void>;
}

export class IntakeService {
  readonly #deps: IntakeDeps;

  constructor(deps: IntakeDeps) {
    this.#deps = deps;
  }

  async submit(submission: Submission): Promise<SubmitResult> {
    const { store, blobs, clock, catalog, maxUploadBytes } = this.#deps;
    const accepted = catalog.mimeTypesFor(submission.kind);
    if (!accepted) {
      throw new DocketError(
        'invalid',
        'unknown_kind',
        `kind ${JSON.stringify(submission.kind)} is not one Docket analyses: use one of ${catalog.kinds().join(', ')}`,
      );
    }
    refuseControlCharacters('filename', submission.filename);
    refuseControlCharacters('application_user_id', submission.applicationUserId);
    if (submission.bytes.byteLength === 0) {
      throw new DocketError('invalid', 'empty_file', 'the file is empty: send the document bytes');
    }
    if (submission.bytes.byteLength > maxUploadBytes) {
      throw new DocketError(
        'too_large',
        'file_too_large',
        `the file is ${submission.bytes.byteLength} bytes; the limit is ${maxUploadBytes} bytes (DOCKET_MAX_UPLOAD_BYTES)`,
        { limit_bytes: maxUploadBytes },
      );
    }

    if (submission.idempotencyKey) {
      const earlier = await store.records.findByIdempotencyKey(
        submission.applicationId,
        submission.idempotencyKey,
      );
      if (earlier) return { record: earlier, replayed: true };
    }

    // After the idempotent replay (which stores nothing), before the file is written.
    await this.#deps.admit?.(submission.applicationId);
    const mimeType = await this.#checkType(submission, accepted);
    const id = newId();
    const blobKey = `uploads/${submission.applicationId}/${id}`;
    // A blob kept in the store's database joins the record's commit: one durable commit, not two.
    const putInTransaction = blobs.putInTransaction?.(blobKey, submission.bytes);
    if (!putInTransaction) await blobs.put(blobKey, submission.bytes);
    try {
      const record = await store.transaction(async (tx) => {
        await putInTransaction?.(tx);
        const inserted = await tx.records.insert({
          id,
          applicationId: submission.applicationId,
          kind: submission.kind,
          mimeType,
          filename: submission.filename ?? null,
          sizeBytes: submission.bytes.byteLength,
          blobKey,
          applicationUserId: submission.applicationUserId ?? null,
          options: submission.options ?? {},
          parentId: submission.parentId ?? null,
          idempotencyKey: submission.idempotencyKey ?? null,
          createdAt: clock.now(),
        });
        await tx.tasks.enqueue(
          taskSpec(TASKS.analyse, { record_id: id }, { lane: submission.applicationId }),
        );
        return inserted;
      });
      return { record, replayed: false };
    } catch (error) {
      await blobs.delete(blobKey).catch(() => {});
      // A concurrent request with the same idempotency key won the race: answer with its record.
      if (submission.idempotencyKey) {
        const winner = await store.records.findByIdempotencyKey(
          submission.applicationId,
          submission.idempotencyKey,
        );
        if (winner) return { record: winner, replayed: true };
      }
      throw error;
    }
  }

  async #checkType(submission: Submission, accepted: readonly string[]): Promise<string> {
    const sniffed = await this.#deps.sniff(submission.bytes);
    const declared = submission.declaredMimeType ? normaliseMimeType(submission.declaredMimeType) : null;
    const list = accepted.join(', ');
    if (!sniffed) {
      throw new DocketError(
        'unsupported_media',
        'unsupported_file_type',
        `the file's contents are not a type Docket recognises; kind ${submission.kind} accepts ${list}`,
        declared ? { declared_mime_type: declared } : undefined,
      );
    }
    if (declared && declared !== 'application/octet-stream' && declared !== sniffed.mime) {
      throw new DocketError(
        'unsupported_media',
        'mime_type_mismatch',
        `mime_type says ${declared} but the file is ${sniffed.mime}: send the right mime_type or the right file`,
        { declared_mime_type: declared, detected_mime_type: sniffed.mime },
      );
    }
    if (!accepted.includes(sniffed.mime)) {
      throw new DocketError(
        'unsupported_media',
        'unsupported_file_type',
        `kind ${submission.kind} accepts ${list}; this file is ${sniffed.mime}`,
        { detected_mime_type: sniffed.mime },
      );
    }
    return sniffed.mime;
  }
}
