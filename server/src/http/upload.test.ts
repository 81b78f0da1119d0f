import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './upload.ts';

describe('decodeBase64', () => {
  it('decodes standard, URL-safe, wrapped and data-URL base64', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x00, 0x41]);
    expect(decodeBase64(bytes.toString('base64'), 'body').bytes).toEqual(bytes);
    expect(decodeBase64(bytes.toString('base64url'), 'body').bytes).toEqual(bytes);
    const b64 = bytes.toString('base64');
    expect(decodeBase64(`${b64.slice(0, 3)} \n${b64.slice(3)}\n`, 'body').bytes).toEqual(bytes);
    const dataUrl = decodeBase64(`data:application/pdf;base64,${bytes.toString('base64')}`, 'body');
    expect(dataUrl).toEqual({ bytes, mimeType: 'application/pdf' });
  });

  it('refuses text that is not base64, naming the field', () => {
    expect(() => decodeBase64('hello world!', 'actual_image')).toThrow(/actual_image is not valid base64/);
    expect(() => decodeBase64('abcde', 'body')).toThrow(/body/);
  });
});
