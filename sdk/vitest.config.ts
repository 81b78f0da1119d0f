import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The tests start real Docket servers and worker threads; two files at a time suit 2 cores.
    maxWorkers: 2,
    // The same plain closing line as the server's suite (`N passed, N failed, N skipped`).
    reporters: ['default', '../server/test/support/summary-reporter.ts'],
  },
});
