import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { currentDocument, DOCUMENT_FILE, renderTypes, TYPES_FILE } from '../scripts/openapi.ts';

describe('the generated API types', () => {
  it("match the server's current OpenAPI document (else: npm run generate -w sdk)", async () => {
    const document = await currentDocument();
    const stale = 'the committed SDK types are stale: run `npm run generate -w sdk` and commit the result';
    expect(await fs.readFile(DOCUMENT_FILE, 'utf8'), stale).toBe(document);
    expect(await fs.readFile(TYPES_FILE, 'utf8'), stale).toBe(await renderTypes(document));
  });
});
