/** The import-rule check `npm test` runs: it must pass on Docket and catch each kind of violation. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDependencies } from '../../scripts/check-dependencies.ts';

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-deps-'));
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe('the dependency check', () => {
  it("passes on Docket's own source", async () => {
    expect(await checkDependencies()).toEqual([]);
  });

  it('reports a cycle between folders even when no two files import each other', async () => {
    const dir = await tree({
      'src/a/one.ts': "import { b } from '../b/two.ts';\nexport const a = b;\n",
      'src/a/three.ts': 'export const c = 1;\n',
      'src/b/two.ts': "import { c } from '../a/three.ts';\nexport const b = c;\n",
    });
    expect(await checkDependencies(dir)).toEqual(['import cycle between folders: src/a ⇄ src/b']);
  });

  it('reports a cycle between files, and core reaching outside core', async () => {
    const dir = await tree({
      'src/core/x.ts': "import { y } from '../webhooks/y.ts';\nexport const x = () => y;\n",
      'src/webhooks/y.ts': "import { x } from '../core/x.ts';\nexport const y = () => x;\n",
    });
    const problems = await checkDependencies(dir);
    expect(problems).toContain('import cycle between files: src/core/x.ts ⇄ src/webhooks/y.ts');
    expect(problems).toContain('import cycle between folders: src/core ⇄ src/webhooks');
    expect(problems).toContain('core imports outside core: src/core/x.ts → src/webhooks/y.ts');
  });

  it('leaves out imports between a folder and its own subfolders, and tests', async () => {
    const dir = await tree({
      'src/p/catalog.ts': "import { one } from './one/product.ts';\nexport const all = [one];\n",
      'src/p/kind.ts': 'export type Kind = string;\n',
      'src/p/one/product.ts': "import type { Kind } from '../kind.ts';\nexport const one: Kind = 'one';\n",
      'src/q/x.test.ts': "import { all } from '../p/catalog.ts';\nexport const t = all;\n",
      'src/p/uses-q.ts': "import { t } from '../q/x.test.ts';\nexport const u = t;\n",
    });
    expect(await checkDependencies(dir)).toEqual([]);
  });
});
