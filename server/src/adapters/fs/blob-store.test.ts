import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocketError } from '../../core/errors.ts';
import { FileBlobStore } from './blob-store.ts';

describe('file blob store', () => {
  it('stores, reads and deletes bytes, leaving no temporary files', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'blobs-'));
    const blobs = new FileBlobStore(root);
    await blobs.put('uploads/app/one', Buffer.from('hello'));
    expect((await blobs.get('uploads/app/one')).toString()).toBe('hello');
    await blobs.put('uploads/app/one', Buffer.from('replaced'));
    expect((await blobs.get('uploads/app/one')).toString()).toBe('replaced');
    expect(await fs.readdir(path.join(root, 'uploads/app'))).toEqual(['one']);
    await blobs.delete('uploads/app/one');
    await blobs.delete('uploads/app/one');
    await expect(blobs.get('uploads/app/one')).rejects.toBeInstanceOf(DocketError);
    await fs.rm(root, { recursive: true });
  });

  it('reads back small and large blobs byte for byte (the large ones off the event loop)', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'blobs-'));
    const blobs = new FileBlobStore(root);
    for (const size of [0, 1585, 512 * 1024, 512 * 1024 + 1, 3_000_000]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i += 997) bytes[i] = i % 251;
      await blobs.put(`uploads/app/${size}`, bytes);
      expect((await blobs.get(`uploads/app/${size}`)).equals(bytes)).toBe(true);
    }
    await blobs.delete('uploads/app/1585');
    await expect(blobs.get('uploads/app/1585')).rejects.toMatchObject({ code: 'blob_not_found' });
    await fs.rm(root, { recursive: true });
  });

  it('refuses keys that would escape its directory', async () => {
    const blobs = new FileBlobStore(os.tmpdir());
    await expect(blobs.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
    await expect(blobs.get('a/../../b')).rejects.toThrow(/invalid blob key/);
  });

  it('close lets puts already started finish, and refuses new ones', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'blobs-'));
    const blobs = new FileBlobStore(root);
    const puts = Array.from({ length: 8 }, (_, i) =>
      blobs.put(`uploads/app/${i}`, Buffer.alloc(64 * 1024, i)),
    );
    await blobs.close();
    await Promise.all(puts); // every started put resolved, none was torn
    for (let i = 0; i < 8; i++) {
      expect(await fs.readFile(path.join(root, `uploads/app/${i}`))).toEqual(Buffer.alloc(64 * 1024, i));
    }
    await expect(blobs.put('uploads/app/late', Buffer.from('x'))).rejects.toThrow(/closed/);
    await fs.rm(root, { recursive: true });
  });
});
