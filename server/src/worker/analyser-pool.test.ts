import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { textPdf } from '../../test/support/pdfs.ts';
import { createAnalyserPool } from './analyser-pool.ts';

const settings = { tesseract: 'wasm' as const, vision: null, foodDetector: null };

describe('analyser pool', () => {
  it('analyses in a thread, and closing right after creation waits for the loading thread', async () => {
    // Closing while the thread still loads its module used to abort the process now and then
    // (thread-loading.ts); a few pools closed at once make that likely enough to be seen here.
    // No give-up time to speak of: if the threads' "loaded" message never reached the pool, these
    // closes would wait past the test's timeout instead of ending as soon as each thread loaded.
    const waitForever = { threadLoadWaitMs: 3_600_000 };
    for (let i = 0; i < 3; i++) await createAnalyserPool(1, settings, waitForever).close();
    const pool = createAnalyserPool(1, settings);
    try {
      const body = await textPdf(['Glucose 5.4 mmol/L 3.9 - 5.5']);
      const outcome = await pool.run({
        kind: 'text',
        bytes: body,
        mimeType: 'application/pdf',
        filename: null,
        options: {},
      });
      expect(outcome).toMatchObject({ ok: true });
    } finally {
      await pool.close();
    }
  });

  // Linux only: the libraries a process has mapped are listed in /proc/self/maps.
  it.runIf(fs.existsSync('/proc/self/maps'))(
    "holds the threads' native libraries from the thread that creates the pool",
    async () => {
      // A library only a worker thread opened is unloaded when that thread ends; libvips and Skia
      // cannot be loaded again after that (native-libraries.ts). A fresh process shows what
      // importing the pool alone loads.
      const pool = JSON.stringify(new URL('./analyser-pool.ts', import.meta.url).href);
      const script = `await import(${pool});
        const { readFileSync } = await import('node:fs');
        process.stdout.write(readFileSync('/proc/self/maps', 'utf8'));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(stdout).toMatch(/sharp-linux/);
      expect(stdout).toMatch(/skia/);
    },
  );
});
