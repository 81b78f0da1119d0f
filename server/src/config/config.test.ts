import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from DOCKET_* variables', () => {
  it('has working defaults for the embedded mode', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBe(`sqlite:${path.resolve('./data/docket.db')}`);
    expect(config.blobs).toBe(`file:${path.resolve('./data/blobs')}`);
    expect(config.maxUploadBytes).toBe(50 * 1024 * 1024);
    expect(config.webhookAllow.ranges).toEqual([]);
  });

  it('reads sizes with units and lists of ranges', () => {
    const config = loadConfig({
      DOCKET_MAX_UPLOAD_BYTES: '10MB',
      DOCKET_WEBHOOK_ALLOW: '127.0.0.1/8, ::1/128',
    });
    expect(config.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(config.webhookAllow.ranges.map(([ip, bits]) => `${ip}/${bits}`)).toEqual([
      '127.0.0.1/8',
      '::1/128',
    ]);
  });

  it('keeps uploads up to 1 MB in the database unless told a size, or 0 for none', () => {
    expect(loadConfig({}).inlineBlobMaxBytes).toBe(1024 * 1024);
    expect(loadConfig({ DOCKET_INLINE_BLOB_MAX_BYTES: '256KB' }).inlineBlobMaxBytes).toBe(256 * 1024);
    expect(loadConfig({ DOCKET_INLINE_BLOB_MAX_BYTES: '0' }).inlineBlobMaxBytes).toBe(0);
  });

  it('reads retention durations with units, 24 h by default', () => {
    expect(loadConfig({}).jobs).toEqual({ resultTtlMs: 86_400_000, fileTtlMs: 86_400_000 });
    const config = loadConfig({ DOCKET_JOB_RESULT_TTL: '90m', DOCKET_JOB_FILE_TTL: '3600000' });
    expect(config.jobs).toEqual({ resultTtlMs: 90 * 60_000, fileTtlMs: 3_600_000 });
  });

  it('turns the nutrition photo detector on before the vision endpoint unless told otherwise', () => {
    expect(loadConfig({}).foodDetector).toEqual({ order: 'before-vision', minConfidence: 0.3 });
    expect(
      loadConfig({ DOCKET_FOOD_DETECTOR: 'after-vision', DOCKET_FOOD_DETECTOR_MIN_CONFIDENCE: '45' })
        .foodDetector,
    ).toEqual({ order: 'after-vision', minConfidence: 0.45 });
    expect(loadConfig({ DOCKET_FOOD_DETECTOR: 'off' }).foodDetector).toBeNull();
    expect(() => loadConfig({ DOCKET_FOOD_DETECTOR: 'yes' })).toThrow(/DOCKET_FOOD_DETECTOR.*on, off/);
  });

  it.each([
    ['DOCKET_PORT', 'eighty', /DOCKET_PORT.*whole number from 0 to 65535/],
    ['DOCKET_PORT', '70000', /DOCKET_PORT/],
    ['DOCKET_LOG_LEVEL', 'loud', /DOCKET_LOG_LEVEL.*one of fatal, error/],
    ['DOCKET_DATABASE_URL', 'mysql://x', /DOCKET_DATABASE_URL.*sqlite:<file> or postgres/],
    ['DOCKET_BLOBS', 'ftp://x', /DOCKET_BLOBS.*file:<dir> or s3:/],
    ['DOCKET_MAX_UPLOAD_BYTES', 'huge', /DOCKET_MAX_UPLOAD_BYTES/],
    ['DOCKET_INLINE_BLOB_MAX_BYTES', 'all', /DOCKET_INLINE_BLOB_MAX_BYTES/],
    ['DOCKET_WORKER_CONCURRENCY', '0', /DOCKET_WORKER_CONCURRENCY/],
    ['DOCKET_WEBHOOK_ALLOW', 'localhost', /DOCKET_WEBHOOK_ALLOW.*CIDR/],
    ['DOCKET_WEBHOOK_ALLOW', '10.0.0.0/33', /DOCKET_WEBHOOK_ALLOW.*10.0.0.0\/33/],
    ['DOCKET_JOB_RESULT_TTL', 'a day', /DOCKET_JOB_RESULT_TTL.*duration from 1s to 366d/],
    ['DOCKET_JOB_FILE_TTL', '10ms', /DOCKET_JOB_FILE_TTL/],
  ])('%s=%s stops with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
