import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { holdsPlaceholders, sentJsonPieces, splitBase64Fields } from './base64-fields.ts';
import { decodeBase64 } from './upload.ts';

type Outcome = { bytes: string; mimeType: string | null } | { error: string };

/** What the whole-body path makes of `raw`: the decoded field, or why it refused it. */
function wholeBody(raw: Buffer, field: string): Outcome {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { error: 'invalid_json' };
  }
  try {
    const decoded = decodeBase64(String(value[field]), field);
    return { bytes: decoded.bytes.toString('hex'), mimeType: decoded.mimeType };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'thrown' };
  }
}

/** What the split path makes of it, or `null` where it leaves the body to the whole-body path. */
function splitBody(raw: Buffer, field: string, minChars: number): Outcome | null {
  const split = splitBase64Fields(raw, [field], minChars);
  if (!split) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(split.text);
  } catch {
    return null;
  }
  if (!holdsPlaceholders(value, [field], split.files)) return null;
  // Everything but the field must be what the whole body gives.
  expect({ ...value, [field]: null }).toEqual({ ...JSON.parse(raw.toString('utf8')), [field]: null });
  const decoded = decodeBase64(String(value[field]), field, split.files);
  return { bytes: decoded.bytes.toString('hex'), mimeType: decoded.mimeType };
}

const json = (text: string) => Buffer.from(text, 'utf8');
const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('splitBase64Fields', () => {
  // Each case is a body the split path must decode exactly as the whole-body path does, or leave.
  const file = b64(300);
  const cases: Record<string, string> = {
    plain: `{"body":"${file}","mime_type":"application/pdf"}`,
    'spaces around the colon': `{ "body" :\n "${file}" }`,
    'URL-safe alphabet': `{"body":"${randomBytes(300).toString('base64url')}"}`,
    'one padding character': `{"body":"${b64(301)}"}`,
    'two padding characters': `{"body":"${b64(302)}"}`,
    'data URL': `{"body":"data:application/pdf;base64,${file}"}`,
    'data URL with parameters': `{"body":"DATA:image/png;name=a.png;base64,${file}"}`,
    'data URL without base64': `{"body":"data:text/plain,${file}"}`,
    'data URL with a control character': `{"body":"data:application/pdf\u0001;base64,${file}"}`,
    'a character outside the alphabet': `{"body":"${file.slice(0, 100)}*${file.slice(100)}"}`,
    'padding in the middle': `{"body":"${file.slice(0, 100)}==${file.slice(100)}"}`,
    'a length no base64 has': `{"body":"${file}A"}`,
    'a raw control character': `{"body":"${file.slice(0, 50)}\t${file.slice(50)}"}`,
    'an escaped line break': `{"body":"${file.slice(0, 76)}\\n${file.slice(76)}"}`,
    'an escaped character': `{"body":"\\u0041${file.slice(1)}"}`,
    'non-ASCII bytes': `{"body":"${file.slice(0, 10)}é${file.slice(10)}"}`,
    'an escaped quote': `{"body":"${file}\\"x"}`,
    'a nested key of the same name first': `{"options":{"body":"${file}"},"body":"${file}"}`,
    'a repeated key': `{"body":"${file}","body":"${b64(30)}"}`,
    'the key inside another string': `{"filename":"\\"body\\":\\"${file}","body":"${b64(3)}"}`,
    'not a string': `{"body":12}`,
    'broken JSON after the field': `{"body":"${file}",}`,
    'an array body': `["body","${file}"]`,
    'an unterminated string': `{"body":"${file}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`decodes as the whole body would, or leaves it: ${name}`, () => {
      const raw = json(text);
      const split = splitBody(raw, 'body', 16);
      if (split) expect(split).toEqual(wholeBody(raw, 'body'));
    });
  }

  it('takes the plain cases (the fast path is the one normal uploads get)', () => {
    for (const name of ['plain', 'spaces around the colon', 'URL-safe alphabet', 'two padding characters']) {
      expect(splitBody(json(cases[name]!), 'body', 16), name).not.toBeNull();
    }
    expect(splitBody(json(cases['data URL']!), 'body', 16)).toMatchObject({ mimeType: 'application/pdf' });
  });

  it('decodes across its 64 Ki-character slices, and finds a bad character in any of them', () => {
    for (const chars of [65_536, 65_540, 131_072, 131_076, 200_000]) {
      const text = b64((chars / 4) * 3 - 1); // ends in one `=`
      const raw = json(`{"body":"${text}"}`);
      expect(splitBody(raw, 'body', 16), `${chars}`).toEqual(wholeBody(raw, 'body'));
      for (const at of [10, 65_535, 65_536, chars - 3]) {
        const bad = json(`{"body":"${text.slice(0, at)}!${text.slice(at + 1)}"}`);
        expect(splitBody(bad, 'body', 16), `${chars} at ${at}`).toBeNull();
        expect(wholeBody(bad, 'body')).toEqual({ error: 'invalid_base64' });
      }
    }
  });

  it('leaves fields shorter than the limit, and fields the route did not name, in the body', () => {
    const raw = json(`{"body":"${file}","note":"${file}"}`);
    expect(splitBase64Fields(raw, ['body'], file.length + 1)).toBeNull();
    const split = splitBase64Fields(raw, ['body'], 16);
    expect(JSON.parse(split!.text).note).toBe(file);
  });

  it('splits several fields and keeps the rest of the body as it was', () => {
    const other = b64(90);
    const raw = json(`{"a":"${file}","x":[1,{"y":"é"}],"b":"${other}"}`);
    const split = splitBase64Fields(raw, ['b', 'a'], 16)!;
    const value = JSON.parse(split.text);
    expect(holdsPlaceholders(value, ['a', 'b'], split.files)).toBe(true);
    expect(value.x).toEqual([1, { y: 'é' }]);
    expect(decodeBase64(value.a, 'a', split.files).bytes.toString('base64')).toBe(file);
    expect(decodeBase64(value.b, 'b', split.files).bytes.toString('base64')).toBe(other);
  });

  it("each body gets placeholders of its own, so one request's cannot name another's file", () => {
    const raw = json(`{"body":"${file}"}`);
    const first = JSON.parse(splitBase64Fields(raw, ['body'], 16)!.text).body;
    const second = JSON.parse(splitBase64Fields(raw, ['body'], 16)!.text).body;
    expect(first).not.toBe(second);
  });
});

describe('sentJsonPieces', () => {
  it('gives the body as sent, so a fingerprint does not depend on which path parsed it', () => {
    const raw = json(`{ "mime_type": "application/pdf", "body": "data:application/pdf;base64,${b64(999)}" }`);
    const split = splitBase64Fields(raw, ['body'], 16)!;
    const digest = (pieces: Array<string | Buffer>) => {
      const hash = createHash('sha256');
      for (const piece of pieces) hash.update(piece);
      return hash.digest('hex');
    };
    const whole = JSON.parse(raw.toString());
    expect(digest(sentJsonPieces(JSON.parse(split.text), split.files))).toBe(digest([JSON.stringify(whole)]));
    expect(sentJsonPieces(whole, null)).toEqual([JSON.stringify(whole)]);
  });
});
