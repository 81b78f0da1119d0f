/**
 * A batch upload's analysis: its root files become child records, each analysed and delivered on
 * its own (seed 002). The files are stored first, under keys derived from the parent, so a run that
 * dies before its commit leaves nothing a second run does not overwrite; then one transaction
 * creates every child and completes the parent (RecordProcessor.expand).
 */
import { ArchiveError, type ArchiveLimits, readRootFiles } from '../analysers/archive/unzip.ts';
import type { DocketRecord } from '../core/domain.ts';
import type { BlobStore, KindCatalog, LeasedTask, Sniffer } from '../core/ports.ts';
import type { ChildFile, RecordProcessor } from '../core/processing.ts';

export const ZIP_MIME = 'application/zip';

export interface ExpandArchiveDeps {
  processor: RecordProcessor;
  blobs: BlobStore;
  catalog: KindCatalog;
  sniff: Sniffer;
  limits: ArchiveLimits;
}

/** What the parent record's result says of its batch. */
export interface BatchSummary {
  files: { name: string; record_id: string }[];
  refused: { name: string; reason: string }[];
}

export async function expandArchive(
  deps: ExpandArchiveDeps,
  task: LeasedTask,
  record: DocketRecord,
  bytes: Uint8Array,
): Promise<void> {
  const { processor, blobs, catalog, sniff, limits } = deps;
  let contents: Awaited<ReturnType<typeof readRootFiles>>;
  try {
    contents = await readRootFiles(bytes, limits);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    await processor.finish(task, record.id, {
      ok: false,
      error: { code: error.code, message: error.message },
    });
    return;
  }
  // A ZIP inside a ZIP is not expanded again: each child must be a file the kind analyses itself.
  const accepted = (catalog.mimeTypesFor(record.kind) ?? []).filter((mime) => mime !== ZIP_MIME);
  const refused = [...contents.refused];
  const children: ChildFile[] = [];
  for (const [index, file] of contents.files.entries()) {
    const type = await sniff(file.bytes);
    if (!type || !accepted.includes(type.mime)) {
      const what = type ? `a ${type.mime} file` : 'not a file type Docket recognises';
      refused.push({ name: file.name, reason: `${what}; this kind takes ${accepted.join(', ')}` });
      continue;
    }
    const blobKey = `uploads/${record.applicationId}/${record.id}-${index}`;
    await blobs.put(blobKey, file.bytes);
    children.push({ blobKey, filename: file.name, mimeType: type.mime, sizeBytes: file.bytes.byteLength });
  }
  if (children.length === 0) {
    const shown = refused
      .slice(0, 3)
      .map((r) => `${r.name}: ${r.reason}`)
      .join('; ');
    await processor.finish(task, record.id, {
      ok: false,
      error: { code: 'zip_empty', message: `no file in the ZIP can be processed (${shown})` },
    });
    return;
  }
  await processor.expand(task, record.id, children, (ids) => {
    const summary: BatchSummary = {
      files: children.map((child, i) => ({ name: child.filename, record_id: ids[i]! })),
      refused,
    };
    return summary;
  });
}
