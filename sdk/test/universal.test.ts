/** The main entry must run where there is no Node: fetch and Web Crypto only, no static `node:` import. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');
/** Modules only the Node entry points load. */
const NODE_ONLY = new Set(['node.ts', 'handlers/node-http.ts', 'handlers/express.ts']);

describe('the universal entry point', () => {
  it('imports nothing from node: statically (Node-only parts are behind @docket/sdk/node, /express)', async () => {
    const files = (await fs.readdir(src, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      if (NODE_ONLY.has(file)) continue;
      const text = await fs.readFile(path.join(src, file), 'utf8');
      const runtimeImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(node:[^']+)'/gm)].map(
        (m) => m[1],
      );
      expect(runtimeImports, file).toEqual([]);
    }
  });
});
