/**
 * Reads the files at the root of a ZIP batch (seed 002: each becomes its own job), streaming each
 * entry through yauzl and refusing what a hostile or careless archive can throw at a server: too
 * many entries, more bytes than allowed in all or in one file, compression ratios only a bomb has,
 * names that climb out of the archive or are absolute, encrypted entries, symbolic links. Files
 * in folders are refused one by one, with the reason, so the customer can fix the archive.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';

export interface ArchiveLimits {
  /** Entries in the archive's directory, folders included. */
  maxEntries: number;
  /** Uncompressed bytes of one file (the upload limit: a file inside a ZIP is an upload too). */
  maxFileBytes: number;
  /** Uncompressed bytes of every file together. */
  maxTotalBytes: number;
  /** Uncompressed to compressed size, beyond which a file is treated as a decompression bomb. */
  maxRatio: number;
}

export interface ArchiveFile {
  name: string;
  bytes: Buffer;
}

export interface RefusedEntry {
  name: string;
  reason: string;
}

export interface ArchiveContents {
  files: ArchiveFile[];
  refused: RefusedEntry[];
}

export type ArchiveErrorCode =
  | 'zip_invalid'
  | 'zip_empty'
  | 'zip_too_many_entries'
  | 'zip_too_large'
  | 'zip_bomb';

/** The archive as a whole cannot be expanded; the message says why and what to do. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
  readonly code: ArchiveErrorCode;

  constructor(code: ArchiveErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

/** Why a root-level entry is refused, or `null` when it can be read. */
function refusal(entry: Entry, name: string, limits: ArchiveLimits): string | null {
  const unsafe = yauzl.validateFileName(name);
  if (unsafe) return `unsafe name (${unsafe.split(':')[0]}): files must sit at the root of the ZIP`;
  if (name.includes('/')) return 'in a folder: put every file at the root of the ZIP, not inside folders';
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return 'encrypted: send the file without a password';
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'a symbolic link, not a file';
  if (entry.uncompressedSize > limits.maxFileBytes) {
    return `${entry.uncompressedSize} bytes uncompressed; the limit for one file is ${limits.maxFileBytes}`;
  }
  if (entry.uncompressedSize === 0) return 'empty: the file has no bytes';
  return null;
}

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(error) : resolve(zip)),
    );
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** Reads the root files of a ZIP; throws {@link ArchiveError} when the archive as a whole is refused. */
export async function readRootFiles(bytes: Uint8Array, limits: ArchiveLimits): Promise<ArchiveContents> {
  let zip: ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw new ArchiveError(
      'zip_invalid',
      `the file is not a readable ZIP archive (${(error as Error).message}): send a ZIP, a PDF or an image`,
    );
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArchiveError(
        'zip_too_many_entries',
        `the ZIP has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted in one batch: split it`,
      );
    }
    const contents = await readEntries(zip, limits);
    if (contents.files.length === 0) {
      const why = contents.refused.length > 0 ? ` (refused: ${describe(contents.refused)})` : '';
      throw new ArchiveError('zip_empty', `the ZIP has no file it can process at its root${why}`);
    }
    return contents;
  } finally {
    zip.close();
  }
}

function describe(refused: readonly RefusedEntry[]): string {
  const shown = refused.slice(0, 3).map((r) => `${r.name}: ${r.reason}`);
  return refused.length > 3 ? `${shown.join('; ')}; and ${refused.length - 3} more` : shown.join('; ');
}

function readEntries(zip: ZipFile, limits: ArchiveLimits): Promise<ArchiveContents> {
  const files: ArchiveFile[] = [];
  const refused: RefusedEntry[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      if (error instanceof ArchiveError) return reject(error);
      reject(
        new ArchiveError(
          'zip_invalid',
          `the ZIP is damaged (${(error as Error).message}): create it again and resend it`,
        ),
      );
    };
    zip.on('error', fail);
    zip.on('end', () => resolve({ files, refused }));
    zip.on('entry', (entry: Entry) => {
      const name = entryName(entry);
      if (name.endsWith('/')) return zip.readEntry(); // a folder: its files are refused one by one
      const why = refusal(entry, name, limits);
      if (why) {
        refused.push({ name, reason: why });
        return zip.readEntry();
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxRatio) {
        return fail(
          new ArchiveError(
            'zip_bomb',
            `${name} expands ${Math.round(ratio)}-fold (the limit is ${limits.maxRatio}): this looks like a decompression bomb`,
          ),
        );
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        return fail(
          new ArchiveError(
            'zip_too_large',
            `the ZIP's files add up to more than ${limits.maxTotalBytes} bytes uncompressed: split the batch`,
          ),
        );
      }
      // validateEntrySizes makes the stream fail if the entry holds more than its header declares.
      readEntry(zip, entry).then((data) => {
        files.push({ name, bytes: data });
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}
