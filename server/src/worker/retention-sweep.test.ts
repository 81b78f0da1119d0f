import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../adapters/fs/blob-store.ts';
import { TaskSignal } from '../adapters/sql/task-table.ts';
import { openSqlite } from '../adapters/sqlite/database.ts';
import { SqliteStore } from '../adapters/sqlite/store.ts';
import { ApplicationSettingsService } from '../core/application-settings.ts';
import { manualClock } from '../core/clock.ts';
import { TASKS } from '../core/tasks.ts';
import { purgeFileTaskHandler } from './purge-file.ts';
import { RetentionSweeper } from './retention-sweep.ts';

const DAY = 86_400_000;
let clock: ReturnType<typeof manualClock>;
let store: SqliteStore;
let blobs: FileBlobStore;
let dir: string;

beforeEach(async () => {
  clock = manualClock();
  store = await SqliteStore.open({ database: openSqlite(':memory:'), clock, signal: new TaskSignal() });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-retention-'));
  blobs = new FileBlobStore(dir, { clock });
});
afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function finishedRecord(appId: string, id: string) {
  const blobKey = `uploads/${appId}/${id}`;
  await blobs.put(blobKey, Buffer.from('file'));
  await store.records.insert({
    id,
    applicationId: appId,
    kind: 'text',
    mimeType: 'application/pdf',
    filename: null,
    sizeBytes: 4,
    blobKey,
    applicationUserId: null,
    options: {},
    parentId: null,
    idempotencyKey: null,
    createdAt: clock.now(),
  });
  await store.records.finish(id, { status: 'completed', result: { ok: 1 }, pages: 1 }, clock.now());
  return blobKey;
}

describe('the retention sweep by age', () => {
  it('deletes files after N days and results after M days, per application, and only once', async () => {
    const createdAt = clock.now();
    const key = { key: 'whsec_x', createdAt, expiresAt: null };
    await store.applications.insert({ id: 'app-a', name: 'a', createdAt }, key);
    await store.applications.insert({ id: 'app-b', name: 'b', createdAt }, key);
    const settings = new ApplicationSettingsService(store, clock, {
      queueCap: 0,
      deleteFileAfterDelivery: false,
      fileRetentionDays: 7,
      resultRetentionDays: 30,
    });
    // Application b keeps its files for ever, but its results only a day.
    await settings.save('app-b', {
      queueCap: null,
      deleteFileAfterDelivery: null,
      fileRetentionDays: 0,
      resultRetentionDays: 1,
    });
    const oldA = await finishedRecord('app-a', 'a-old');
    const oldB = await finishedRecord('app-b', 'b-old');
    clock.advance(5 * DAY);
    await finishedRecord('app-a', 'a-new');

    const sweeper = new RetentionSweeper({
      store,
      clock,
      settings,
      logger: pino({ level: 'silent' }),
      intervalMs: 1000,
    });
    clock.advance(3 * DAY); // a-old is 8 days old, a-new 3, b-old 8
    expect(await sweeper.sweep()).toEqual({ filesQueued: 1, resultsDeleted: 1 });
    const queue = store.taskQueue();
    const tasks = await queue.claim([TASKS.purgeFile], 10, 10_000);
    expect(tasks.map((t) => t.payload)).toEqual([{ record_id: 'a-old', reason: 'retention' }]);
    // A second sweep before the purge ran enqueues nothing new (idempotency key per record).
    await sweeper.sweep();
    expect(await queue.claim([TASKS.purgeFile], 10, 10_000)).toEqual([]);

    const purge = purgeFileTaskHandler({ store, blobs, clock, concurrency: 1 });
    await purge.handle(tasks[0]!, new AbortController().signal);
    await purge.handle(tasks[0]!, new AbortController().signal); // idempotent
    await queue.complete(tasks[0]!);
    const a = await store.records.getById('a-old');
    expect(a).toMatchObject({ blobKey: null, fileDeletedReason: 'retention', result: { ok: 1 } });
    await expect(blobs.get(oldA)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await store.records.getById('a-new'))!.blobKey).not.toBeNull();

    const b = await store.records.getById('b-old');
    expect(b).toMatchObject({ result: null, blobKey: oldB });
    expect(b!.resultDeletedAt).toEqual(clock.now());
    await expect(blobs.get(oldB)).resolves.toBeInstanceOf(Buffer);
  });
});
