import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { systemClock } from '../core/clock.ts';
import { openAdapters } from './open.ts';

/** Opens the embedded set on a fresh data directory, stores one small upload, and says where it went. */
async function storeSmallUpload(env: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-open-'));
  const { store, blobs } = await openAdapters(loadConfig({ DOCKET_DATA_DIR: dir, ...env }), systemClock());
  try {
    await blobs.put('uploads/app/doc', Buffer.from('%PDF-1.4 small'));
    expect((await blobs.get('uploads/app/doc')).toString()).toBe('%PDF-1.4 small');
    return existsSync(path.join(dir, 'blobs', 'uploads', 'app', 'doc')) ? 'file' : 'database';
  } finally {
    await blobs.close();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('the embedded adapter set', () => {
  it('keeps a small upload in the database by default, and on disk with DOCKET_INLINE_BLOB_MAX_BYTES=0', async () => {
    expect(await storeSmallUpload({})).toBe('database');
    expect(await storeSmallUpload({ DOCKET_INLINE_BLOB_MAX_BYTES: '0' })).toBe('file');
    expect(await storeSmallUpload({ DOCKET_INLINE_BLOB_MAX_BYTES: '5' })).toBe('file');
  });
});
