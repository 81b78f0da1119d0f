/**
 * Decodes the large base64 file field of a JSON upload straight from the request's bytes.
 *
 * Why: a JSON upload of a 100 KB file is a 133 KB body. Parsed as a whole it becomes one string of
 * the whole body, and JSON.parse copies the file's base64 into a second; both are larger than
 * V8's largest regular heap object (128 KiB), so each is given fresh pages of its own (an mmap,
 * a page fault per 4 KiB, an munmap once collected), which on a VM costs ~12× per byte what a
 * smaller string does: ≈ 0.4 ms of the event loop per 100 KB upload, ≈ 13 ms for a 5 MB one
 * (docs/performance.md). Here the field's text is decoded in slices of 64 Ki characters (each a
 * small string) into the file's buffer, and only the rest of the body, a few hundred bytes with a
 * placeholder where the field's text was, goes through JSON.parse, which still checks all of it.
 *
 * It only takes what the whole-body path would decode to the same bytes: the first string of a
 * route's file field (`"body": "…"`) longer than `minChars`, with no escape, of the base64
 * alphabets only (checked by the decoded length, as `decodeStrict` does), optionally after a
 * `data:` URL prefix. The parsed rest must then have that placeholder as the field's top-level
 * value (not a nested or repeated key). Anything else returns `null`, and the body is parsed as a
 * whole, with that path's results and errors.
 */
import { randomUUID } from 'node:crypto';
import { DATA_URL, expectedBase64Length } from './upload.ts';

/** A file field decoded from the request's bytes. */
export interface DecodedFile {
  bytes: Buffer;
  /** The type of a `data:` URL prefix, if the field had one. */
  mimeType: string | null;
  /** The field's text as sent (what JSON.stringify of the field's string would print unquoted). */
  source: Buffer;
}

/** The body with its file fields replaced by placeholders, and the files by placeholder. */
export interface SplitBody {
  /** The JSON text of the rest of the body. */
  text: string;
  files: Map<string, DecodedFile>;
}

/** Decoded 64 Ki characters at a time: a multiple of 4 (base64's group), each slice a small string. */
const SLICE_CHARS = 64 * 1024;
/** Below this, a field is parsed with the rest: strings this short are cheap. */
export const MIN_SPLIT_CHARS = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isJsonSpace = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The content of the first `"field": "…"` string (without its quotes), if it has no escape. */
function findStringValue(raw: Buffer, field: string): { start: number; end: number } | null {
  const key = raw.indexOf(`"${field}"`);
  if (key < 0) return null;
  let at = key + field.length + 2;
  while (isJsonSpace(raw[at])) at++;
  if (raw[at] !== 0x3a /* : */) return null;
  at++;
  while (isJsonSpace(raw[at])) at++;
  if (raw[at] !== QUOTE) return null;
  const start = at + 1;
  const end = raw.indexOf(QUOTE, start);
  if (end < 0 || raw.subarray(start, end).includes(BACKSLASH)) return null;
  return { start, end };
}

/** The `data:…;base64,` prefix's type and length, or `null` for a prefix this path leaves alone. */
function dataUrlPrefix(
  raw: Buffer,
  start: number,
  end: number,
): { mimeType: string | null; length: number } | null {
  const comma = raw.subarray(start, Math.min(end, start + 1024)).indexOf(COMMA);
  if (comma < 0) return null;
  const head = raw.subarray(start, start + comma + 1);
  // Printable ASCII only: a control character makes the whole body invalid JSON, and that path says so.
  if (head.some((byte) => byte < 0x20 || byte > 0x7e)) return null;
  const match = DATA_URL.exec(head.toString('latin1'));
  return match && match[0].length === head.length
    ? { mimeType: match[1] ?? null, length: head.length }
    : null;
}

/** The bytes of base64 text `raw[start, end)`, or `null` unless every character is base64. */
function decodeSlices(raw: Buffer, start: number, end: number): Buffer | null {
  const text = raw.subarray(start, end);
  const last = text.length - (text.length % SLICE_CHARS || SLICE_CHARS);
  let padding = 0;
  if (text[text.length - 1] === 0x3d /* = */) padding = text[text.length - 2] === 0x3d ? 2 : 1;
  const bytes = Buffer.allocUnsafe(expectedBase64Length(text.length, padding));
  let written = 0;
  for (let at = 0; at < text.length; at += SLICE_CHARS) {
    const slice = text.toString('latin1', at, Math.min(at + SLICE_CHARS, text.length));
    const wrote = bytes.write(slice, written, 'base64');
    // Node skips characters outside the alphabets: fewer bytes than the slice's length implies
    // means one was there. Only the last slice may end in padding.
    const expected = at < last ? (SLICE_CHARS / 4) * 3 : expectedBase64Length(slice.length, padding);
    if (wrote !== expected) return null;
    written += wrote;
  }
  return text.length % 4 === 1 ? null : bytes;
}

/** One file field's text decoded, or `null` to leave the body to the whole-body path. */
function decodeField(raw: Buffer, start: number, end: number): DecodedFile | null {
  let from = start;
  let mimeType: string | null = null;
  if (
    raw
      .subarray(start, start + 5)
      .toString('latin1')
      .toLowerCase() === 'data:'
  ) {
    const prefix = dataUrlPrefix(raw, start, end);
    if (!prefix) return null;
    mimeType = prefix.mimeType;
    from += prefix.length;
  }
  const bytes = decodeSlices(raw, from, end);
  return bytes ? { bytes, mimeType, source: raw.subarray(start, end) } : null;
}

/**
 * Splits the first string of each of `fields` longer than `minChars` out of the JSON text `raw`;
 * `null` when none is, or one is not plain base64. The caller parses `text` and checks with
 * {@link holdsPlaceholders} that each placeholder is its field's top-level value.
 */
export function splitBase64Fields(
  raw: Buffer,
  fields: readonly string[],
  minChars = MIN_SPLIT_CHARS,
): SplitBody | null {
  const nonce = randomUUID();
  const found: Array<{ start: number; end: number; placeholder: string; file: DecodedFile }> = [];
  for (const field of fields) {
    const span = findStringValue(raw, field);
    if (!span || span.end - span.start < minChars) continue;
    const file = decodeField(raw, span.start, span.end);
    if (!file) return null;
    found.push({ ...span, placeholder: `docket-base64:${nonce}:${field}`, file });
  }
  if (found.length === 0) return null;
  found.sort((a, b) => a.start - b.start);
  const pieces: Buffer[] = [];
  const files = new Map<string, DecodedFile>();
  let at = 0;
  for (const { start, end, placeholder, file } of found) {
    if (start < at) return null;
    pieces.push(raw.subarray(at, start), Buffer.from(placeholder, 'latin1'));
    files.set(placeholder, file);
    at = end;
  }
  pieces.push(raw.subarray(at));
  return { text: Buffer.concat(pieces).toString('utf8'), files };
}

/** Whether each field split out of the body is, parsed, its top-level value. */
export function holdsPlaceholders(
  value: unknown,
  fields: readonly string[],
  files: ReadonlyMap<string, DecodedFile>,
): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  let held = 0;
  for (const field of fields) {
    const placeholder = record[field];
    if (typeof placeholder === 'string' && files.has(placeholder)) held++;
  }
  return held === files.size;
}

/**
 * The pieces of `JSON.stringify(value)` for the body as it was sent: each placeholder's string
 * is its field's text. Used where a request's exact content matters (the idempotency fingerprint).
 */
export function sentJsonPieces(
  value: unknown,
  files: ReadonlyMap<string, DecodedFile> | null,
): Array<string | Buffer> {
  const text = JSON.stringify(value ?? null);
  if (!files || files.size === 0) return [text];
  const at = [...files]
    .map(([placeholder, file]) => ({ index: text.indexOf(`"${placeholder}"`), placeholder, file }))
    .filter((found) => found.index >= 0)
    .sort((a, b) => a.index - b.index);
  const pieces: Array<string | Buffer> = [];
  let from = 0;
  for (const { index, placeholder, file } of at) {
    // Plain base64 (and a printable data-URL prefix) needs no JSON escape: the text is as sent.
    pieces.push(text.slice(from, index + 1), file.source);
    from = index + placeholder.length + 1;
  }
  pieces.push(text.slice(from));
  return pieces;
}
