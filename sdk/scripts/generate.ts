/**
 * `npm run generate -w sdk`: regenerates sdk/openapi.json and src/generated/openapi.ts from the
 * server in this repository (or `--from FILE|URL` for a dumped document or a running Docket).
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { currentDocument, DOCUMENT_FILE, documentFrom, renderTypes, TYPES_FILE } from './openapi.ts';

const { values } = parseArgs({ options: { from: { type: 'string' } } });
const document = values.from ? await documentFrom(values.from) : await currentDocument();
await fs.writeFile(DOCUMENT_FILE, document);
await fs.writeFile(TYPES_FILE, await renderTypes(document));
process.stdout.write(`wrote ${DOCUMENT_FILE} and ${TYPES_FILE}\n`);
