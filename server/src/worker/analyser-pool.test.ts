import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { textPdf } from '../../test/support/pdfs.ts';
import type { ScriptedResult } from '../../test/support/scripted-analyser-thread.ts';
import type { AnalysisInput, AnalysisOutcome } from '../core/ports.ts';
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

describe('analyser pool: analyses in turn on a thread', () => {
  const threadModule = new URL('../../test/support/scripted-analyser-thread.ts', import.meta.url);
  const scripted = (kind: 'busy' | 'hang', ms = 0, extra: Record<string, unknown> = {}): AnalysisInput => ({
    kind,
    bytes: new Uint8Array(0),
    mimeType: 'application/pdf',
    filename: null,
    options: { ms, ...extra },
    limits: { maxPages: 10, maxOcrPages: 10, maxImagePixels: 1e6 },
  });
  const resultOf = (outcome: AnalysisOutcome) => {
    if (!outcome.ok) throw new Error(`expected a result, got ${outcome.error.code}`);
    return outcome.result as ScriptedResult;
  };

  it('starts the next analysis as the one before ends, without waiting for the event loop', async () => {
    const pool = createAnalyserPool(1, settings, { threadModule });
    try {
      await pool.run(scripted('busy')); // the thread is up
      const secondDone = new Int32Array(new SharedArrayBuffer(4));
      const first = pool.run(scripted('busy', 200), { timeBudgetMs: 60_000 });
      const second = pool.run(scripted('busy', 10, { done: secondDone }), { timeBudgetMs: 60_000 });
      await new Promise((resolve) => setImmediate(resolve)); // both are sent
      // This event loop is blocked until the second analysis ends: it can neither read the
      // first's result nor send the second, so the second must already be on the thread.
      // Without that, the wait gives up after 20 s and says 'timed-out'.
      expect(Atomics.wait(secondDone, 0, 0, 20_000)).toBe('ok');
      const [a, b] = [resultOf(await first), resultOf(await second)];
      expect(b.threadId).toBe(a.threadId);
      expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt); // in turn, not side by side
    } finally {
      await pool.close();
    }
  });

  it('gives each analysis its own budget from when it starts, not from when it was sent', async () => {
    const pool = createAnalyserPool(1, settings, { threadModule });
    try {
      const first = pool.run(scripted('busy', 300), { timeBudgetMs: 1_000 });
      const second = pool.run(scripted('busy', 10), { timeBudgetMs: 1_000 });
      const [a, b] = [resultOf(await first), resultOf(await second)];
      expect(b.budgetEndsAt! - b.startedAt).toBeGreaterThanOrEqual(990);
      expect(b.budgetEndsAt!).toBeGreaterThanOrEqual(a.endedAt + 990);
    } finally {
      await pool.close();
    }
  });

  it('ends a thread stuck past budget and grace; the analysis waiting behind it runs on a new thread', async () => {
    const pool = createAnalyserPool(1, settings, { threadModule });
    try {
      const before = resultOf(await pool.run(scripted('busy')));
      const stuck = pool.run(scripted('hang'), { timeBudgetMs: 300 });
      const behind = pool.run(scripted('busy', 10), { timeBudgetMs: 300 });
      expect(await stuck).toMatchObject({ ok: false, error: { code: 'analysis_timeout' } });
      const after = resultOf(await behind);
      expect(after.threadId).not.toBe(before.threadId);
    } finally {
      await pool.close();
    }
  });
});
