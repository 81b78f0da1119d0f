import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const sdk = path.resolve(import.meta.dirname, '..');
// Inside the workspace, so the built files find their dependency (eventsource-parser) as an installed package would.
const outDir = path.join(sdk, '.tmp', `build-${process.pid}`);

afterAll(async () => fs.rm(outDir, { recursive: true, force: true }));

describe('the built package', () => {
  it('compiles to JavaScript with declarations that plain Node loads without TypeScript', async () => {
    await run(process.execPath, [path.join(sdk, 'scripts/build.ts'), '--out-dir', outDir]);
    const manifest = JSON.parse(await fs.readFile(path.join(outDir, 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({ types: './index.d.ts', default: './index.js' });
    for (const target of Object.values(manifest.exports) as Array<{ types: string; default: string }>) {
      if (typeof target === 'string') continue;
      await fs.access(path.join(outDir, target.types));
      await fs.access(path.join(outDir, target.default));
    }
    const script = `
      const sdk = await import(${JSON.stringify(path.join(outDir, 'index.js'))});
      const node = await import(${JSON.stringify(path.join(outDir, 'node.js'))});
      const secret = sdk.generateWebhookSecret();
      const body = JSON.stringify({ type: 'record.completed', timestamp: 'now', data: { id: 'r' } });
      const headers = await sdk.signWebhook({ body, id: 'evt', secret });
      const event = await sdk.verifyWebhook(body, headers, secret);
      new sdk.Docket({ baseUrl: 'http://localhost:8080', apiKey: 'k' });
      console.log(event.data.id, typeof node.nodeWebhook);`;
    const { stdout } = await run(process.execPath, [
      '--no-experimental-strip-types',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(stdout.trim()).toBe('r function');
  });
});
