import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { FileBlobStore } from '../fs/blob-store.ts';
import { TaskSignal } from '../sql/task-table.ts';
import { openSqlite } from './database.ts';
import { InlineBlobStore } from './inline-blob-store.ts';
import { SqliteStore } from './store.ts';

const LIMIT = 1000;
const opened: Array<{ close(): Promise<void> }> = [];
const roots: string[] = [];

/** A store on a database file and a blob directory, as `docket start` opens them. */
async function open(root?: string) {
  const dir = root ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'inline-blobs-')));
  if (!root) roots.push(dir);
  const database = openSqlite(path.join(dir, 'docket.db'));
  const store = await SqliteStore.open({ database, clock: manualClock(), signal: new TaskSignal() });
  const files = new FileBlobStore(path.join(dir, 'blobs'));
  const blobs = new InlineBlobStore({ database, store, files, maxInlineBytes: LIMIT });
  const handle = {
    dir,
    store,
    files,
    blobs,
    async close() {
      await blobs.close();
      await store.close();
    },
  };
  opened.push(handle);
  return handle;
}

const fileOf = (dir: string, key: string) => path.join(dir, 'blobs', key);

afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close().catch(() => {});
  for (const root of roots.splice(0)) await fs.rm(root, { recursive: true, force: true });
});

describe('inline blob store', () => {
  it('keeps small blobs in the database and large ones on disk, reading both back byte for byte', async () => {
    const { dir, blobs } = await open();
    const small = Buffer.alloc(LIMIT, 7);
    const large = Buffer.alloc(LIMIT + 1, 9);
    await Promise.all([blobs.put('uploads/a/small', small), blobs.put('uploads/a/large', large)]);
    expect(existsSync(fileOf(dir, 'uploads/a/small'))).toBe(false);
    expect(existsSync(fileOf(dir, 'uploads/a/large'))).toBe(true);
    expect((await blobs.get('uploads/a/small')).equals(small)).toBe(true);
    expect((await blobs.get('uploads/a/large')).equals(large)).toBe(true);
  });

  it('a replacement wins whichever side the earlier version was on', async () => {
    const { blobs } = await open();
    await blobs.put('uploads/a/doc', Buffer.from('small first'));
    await blobs.put('uploads/a/doc', Buffer.alloc(LIMIT * 2, 1));
    expect((await blobs.get('uploads/a/doc')).length).toBe(LIMIT * 2);
    await blobs.put('uploads/a/doc', Buffer.from('small again'));
    expect((await blobs.get('uploads/a/doc')).toString()).toBe('small again');
  });

  it('delete removes the blob from both places and may be repeated', async () => {
    const { dir, blobs } = await open();
    await blobs.put('uploads/a/small', Buffer.from('x'));
    await blobs.put('uploads/a/large', Buffer.alloc(LIMIT + 1));
    for (const key of ['uploads/a/small', 'uploads/a/large']) {
      await blobs.delete(key);
      await blobs.delete(key);
      await expect(blobs.get(key)).rejects.toMatchObject({ kind: 'not_found' });
    }
    expect(existsSync(fileOf(dir, 'uploads/a/large'))).toBe(false);
  });

  it('finds files written before it existed, so an upgraded data directory keeps its uploads', async () => {
    const { dir, files, blobs } = await open();
    await files.put('uploads/a/old', Buffer.from('from an older Docket'));
    expect((await blobs.get('uploads/a/old')).toString()).toBe('from an older Docket');
    expect(existsSync(fileOf(dir, 'uploads/a/old'))).toBe(true);
  });

  it('what a put acknowledged is there after the database is opened again', async () => {
    const first = await open();
    await first.blobs.put('uploads/a/kept', Buffer.from('durable'));
    await first.close();
    const second = await open(first.dir);
    expect((await second.blobs.get('uploads/a/kept')).toString()).toBe('durable');
  });

  it('serves a signed download link for a blob kept in the database', async () => {
    const { blobs } = await open();
    await blobs.put('uploads/a/doc', Buffer.from('%PDF-1.4 inline'));
    const url = await blobs.presignedUrl('uploads/a/doc', 60, { filename: 'doc.pdf' });
    const file = await blobs.openPresigned(url.split('/').at(-1) ?? '');
    expect(file.bytes.toString()).toBe('%PDF-1.4 inline');
    expect(file.filename).toBe('doc.pdf');
  });

  it('writes a small blob inside a store transaction, with no commit of its own', async () => {
    const { blobs, store } = await open();
    const step = blobs.putInTransaction('uploads/a/joined', Buffer.from('with the record'));
    expect(step).toBeDefined();
    // Replayed like any unit when a neighbour in the group commit fails.
    const neighbour = store.transaction(async () => {
      throw new Error('a neighbour failed');
    });
    await Promise.all([store.transaction(async (tx) => step!(tx)), neighbour.catch(() => {})]);
    expect((await blobs.get('uploads/a/joined')).toString()).toBe('with the record');
    expect(blobs.putInTransaction('uploads/a/large', Buffer.alloc(LIMIT + 1))).toBeUndefined();
    expect(() => blobs.putInTransaction('../escape', Buffer.from('x'))).toThrow(/invalid blob key/);
  });

  it('refuses keys that would escape, on either side', async () => {
    const { blobs } = await open();
    await expect(blobs.put('../escape', Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
    await expect(blobs.put('../escape', Buffer.alloc(LIMIT + 1))).rejects.toThrow(/invalid blob key/);
    await expect(blobs.get('../escape')).rejects.toThrow(/invalid blob key/);
  });
});
