/**
 * A local S3-compatible server for tests: s3rver (from npm, file-backed, signature v4 and
 * pre-signed URLs checked), on a random port, with credentials `S3RVER`/`S3RVER`.
 */
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** DOCKET_* variables that point Docket at this server, under `prefix`. */
  env(prefix: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestS3(bucket = 'docket-test'): Promise<TestS3> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    env(prefix: string) {
      return {
        DOCKET_BLOBS: `s3://${bucket}/${prefix}`,
        DOCKET_S3_ENDPOINT: endpoint,
        DOCKET_S3_REGION: 'us-east-1',
        DOCKET_S3_FORCE_PATH_STYLE: 'true',
        DOCKET_S3_ACCESS_KEY_ID: 'S3RVER',
        DOCKET_S3_SECRET_ACCESS_KEY: 'S3RVER',
      };
    },
    async stop() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
