/**
 * Blobs on the local file system. A put writes a temporary file, fsyncs it, renames it into place
 * and fsyncs the directory, so a blob is either absent or complete and durable — never torn.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DocketError } from '../../core/errors.ts';
import type { BlobStore } from '../../core/ports.ts';

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export class FileBlobStore implements BlobStore {
  readonly #root: string;
  readonly #madeDirs = new Set<string>();

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /** `file:./data/blobs` → `./data/blobs`. */
  static fromUrl(url: string): FileBlobStore {
    return new FileBlobStore(url.replace(/^file:(\/\/)?/, ''));
  }

  #pathOf(key: string): string {
    if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`invalid blob key ${JSON.stringify(key)}`);
    }
    return path.join(this.#root, key);
  }

  async #ensureDir(dir: string): Promise<void> {
    if (this.#madeDirs.has(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    this.#madeDirs.add(dir);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const target = this.#pathOf(key);
    const dir = path.dirname(target);
    await this.#ensureDir(dir);
    const temp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    // The rename is durable only once the directory entry is on disk.
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.datasync();
    } finally {
      await dirHandle.close();
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.#pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DocketError('not_found', 'blob_not_found', `the stored file ${key} no longer exists`);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.#pathOf(key), { force: true });
  }

  async presignedUrl(): Promise<string | null> {
    return null;
  }

  async close(): Promise<void> {}
}
