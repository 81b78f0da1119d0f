/**
 * Blobs in S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Cloudflare R2, …), selected by
 * `DOCKET_BLOBS=s3://bucket/prefix`. A PUT is durable once S3 answers 200, so `put` resolving keeps
 * the BlobStore promise. Downloads handed to customers are S3 pre-signed GET URLs.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { create as contentDisposition } from 'content-disposition';
import { DocketError } from '../../core/errors.ts';
import type { BlobStore, DownloadAs, PresignedDownload } from '../../core/ports.ts';
import { assertBlobKey } from '../blob-key.ts';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; `''` for the bucket root. */
  prefix: string;
}

/** `s3://bucket/some/prefix/` → `{ bucket: 'bucket', prefix: 'some/prefix' }`. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match?.[1]) throw new Error(`not an s3://bucket/prefix URL: ${url}`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export interface S3BlobStoreOptions extends S3Location {
  endpoint: string | null;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** Extra client settings (tests). */
  client?: Partial<S3ClientConfig>;
}

export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.#client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Checksums only where S3 requires them: the default (CRC32 trailers on every PUT) is not
      // understood by every S3-compatible server (older MinIO, Ceph, R2 in some modes).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...options.client,
    });
  }

  #keyOf(key: string): string {
    assertBlobKey(key);
    return this.#prefix ? `${this.#prefix}/${key}` : key;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#keyOf(key),
        Body: data,
        ContentLength: data.byteLength,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Buffer> {
    try {
      const out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#keyOf(key) }),
      );
      if (!out.Body) return Buffer.alloc(0);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) {
        throw new DocketError('not_found', 'blob_not_found', `the stored file ${key} no longer exists`);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#keyOf(key) }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async presignedUrl(key: string, ttlSeconds: number, download: DownloadAs = {}): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#keyOf(key),
      ...(download.filename ? { ResponseContentDisposition: contentDisposition(download.filename) } : {}),
      ...(download.contentType ? { ResponseContentType: download.contentType } : {}),
    });
    return getSignedUrl(this.#client, command, { expiresIn: ttlSeconds });
  }

  /** S3 serves its own pre-signed links; Docket signs none it would have to serve. */
  async openPresigned(): Promise<PresignedDownload> {
    throw new DocketError(
      'not_found',
      'not_found',
      'downloads are served by the object store: use the link as given',
    );
  }

  /** Cheap reachability check (the bucket exists and the credentials can read it). */
  async ping(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
