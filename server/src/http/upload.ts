/** Reading the uploaded file from a JSON body (base64) or a multipart form. */
import type { FastifyRequest } from 'fastify';
import { DocketError } from '../core/errors.ts';

/** A `data:` URL's prefix up to its first comma, the type in group 1. */
export const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,/i;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** A decoded upload plus the form's other fields. */
export interface Upload {
  bytes: Buffer;
  /** The type the client claimed (JSON `mime_type`, a data URL, or the multipart part's header). */
  declaredMimeType: string | null;
  filename: string | null;
  fields: Record<string, string>;
}

/**
 * Decodes standard or URL-safe base64 (with or without a `data:` prefix); 400 naming the field
 * otherwise. `files` are the fields the JSON body parser already decoded (base64-fields.ts), by
 * the placeholder that stands for them in the body.
 */
export function decodeBase64(
  value: string,
  field: string,
  files?: ReadonlyMap<string, { bytes: Buffer; mimeType: string | null }> | null,
): { bytes: Buffer; mimeType: string | null } {
  const decoded = files?.get(value);
  if (decoded) return { bytes: decoded.bytes, mimeType: decoded.mimeType };
  let text = value;
  let mimeType: string | null = null;
  const prefix = DATA_URL.exec(text);
  if (prefix) {
    mimeType = prefix[1] ?? null;
    text = text.slice(prefix[0].length);
  }
  const bytes = decodeStrict(text);
  if (!bytes) {
    throw new DocketError(
      'invalid',
      'invalid_base64',
      `${field} is not valid base64: send the file's bytes base64-encoded (standard or URL-safe alphabet)`,
      { field },
    );
  }
  return { bytes, mimeType };
}

/** The number of bytes `chars` characters of base64 ending in `padding` `=` decode to. */
export function expectedBase64Length(chars: number, padding: number): number {
  return Math.floor(((chars - padding) * 3) / 4);
}

/** The number of bytes `text` must decode to when every character is base64 (padding aside). */
function expectedLength(text: string): number {
  let padding = 0;
  if (text.endsWith('==')) padding = 2;
  else if (text.endsWith('=')) padding = 1;
  return expectedBase64Length(text.length, padding);
}

/**
 * Node's decoder silently skips characters outside the alphabet, so a decode that yields fewer
 * bytes than the text's length implies means the text was not clean base64. That check is the
 * fast path for the megabytes of a normal upload; only text with line breaks or spaces takes the
 * slower strip-and-validate path.
 */
function decodeStrict(text: string): Buffer | null {
  const urlSafe = text.includes('-') || text.includes('_');
  const bytes = Buffer.from(text, urlSafe ? 'base64url' : 'base64');
  if (bytes.length === expectedLength(text) && text.length % 4 !== 1) return bytes;
  const stripped = text.replace(/\s+/g, '');
  if (stripped.length === text.length || !BASE64.test(stripped) || stripped.length % 4 === 1) return null;
  return Buffer.from(stripped, urlSafe ? 'base64url' : 'base64');
}

/** Reads a multipart form: the file from the part named one of `fileFields`, every other field as text. */
export async function readMultipart(request: FastifyRequest, fileFields: readonly string[]): Promise<Upload> {
  let file: Upload | null = null;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (!fileFields.includes(part.fieldname) || file) {
        await part.toBuffer(); // drain what we will not use
        continue;
      }
      file = {
        bytes: await part.toBuffer(),
        declaredMimeType:
          part.mimetype && part.mimetype !== 'application/octet-stream' ? part.mimetype : null,
        filename: part.filename || null,
        fields,
      };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file) {
    throw new DocketError(
      'invalid',
      'missing_file',
      `missing required field: ${fileFields[0]} (a file part in the multipart form)`,
      { field: fileFields[0] },
    );
  }
  return file;
}
