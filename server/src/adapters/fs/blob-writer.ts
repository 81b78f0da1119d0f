/**
 * Worker-thread side of FileBlobStore.put: the whole temp-file write, rename and directory fsync
 * run here with synchronous calls, so one put costs the event loop one message each way instead
 * of eight threadpool round trips, and the fsyncs block this thread rather than a threadpool slot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

export interface BlobWriterRequest {
  id: number;
  temp: string;
  target: string;
  data: Uint8Array;
}

export type BlobWriterReply =
  | { id: number; ok: true }
  | { id: number; ok: false; message: string; code: string | undefined };

function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `dir` if needed; each new directory's entry is fsync'd into its parent. */
function makeDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true });
  if (first === undefined) return;
  // Everything from `first` down to `dir` is new: sync each one's parent, deepest last.
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.unshift(d);
    if (d === first || path.dirname(d) === d) break;
  }
  for (const d of created) syncDir(path.dirname(d));
}

function openTemp(temp: string): number {
  try {
    return fs.openSync(temp, 'w', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    makeDir(path.dirname(temp));
    return fs.openSync(temp, 'w', 0o600);
  }
}

/** temp file, write, fdatasync, close, rename, directory fsync. */
function put(temp: string, target: string, data: Uint8Array): void {
  const fd = openTemp(temp);
  try {
    let offset = 0;
    while (offset < data.byteLength) offset += fs.writeSync(fd, data, offset);
    fs.fdatasyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  // The rename is durable only once the directory entry is on disk. Concurrent puts' directory
  // fsyncs share the file system's journal commit, so one more round trip to batch them here
  // would only add latency.
  syncDir(path.dirname(target));
}

parentPort?.on('message', (request: BlobWriterRequest) => {
  let reply: BlobWriterReply;
  try {
    put(request.temp, request.target, request.data);
    reply = { id: request.id, ok: true };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    reply = { id: request.id, ok: false, message: e.message ?? String(error), code: e.code };
  }
  parentPort?.postMessage(reply);
});
