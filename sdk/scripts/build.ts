/**
 * `npm run build -w sdk`: compiles src/ to JavaScript with declarations in dist/ and writes the
 * manifest the published package uses there (its exports point at the compiled files; the
 * workspace's own package.json points at the sources, which Node runs directly in this
 * repository). Publish with `npm publish sdk/dist`. `--out-dir DIR` builds elsewhere (tests).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const sdk = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = path.resolve(sdk, values['out-dir'] ?? 'dist');
const tsc = path.resolve(sdk, '../node_modules/typescript/bin/tsc');

await fs.rm(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(sdk, 'tsconfig.build.json'), '--outDir', outDir], {
  stdio: 'inherit',
});

const manifest = JSON.parse(await fs.readFile(path.join(sdk, 'package.json'), 'utf8'));
/** `./src/x.ts` → `{ types: './x.d.ts', default: './x.js' }`. */
const compiled = (source: string) => {
  const base = source.replace(/^\.\/src\//, './').replace(/\.ts$/, '');
  return { types: `${base}.d.ts`, default: `${base}.js` };
};
const exports = Object.fromEntries(
  Object.entries(manifest.exports as Record<string, string>).map(([name, target]) => [
    name,
    target.endsWith('.ts') ? compiled(target) : target,
  ]),
);
const published = {
  name: manifest.name,
  version: manifest.version,
  description: manifest.description,
  type: 'module',
  license: manifest.license,
  engines: manifest.engines,
  exports,
  dependencies: manifest.dependencies,
};
await fs.writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
await fs.copyFile(path.join(sdk, 'README.md'), path.join(outDir, 'README.md'));
process.stdout.write(`built ${path.relative(process.cwd(), outDir) || outDir}\n`);
