import { describe, expect, it } from 'vitest';
import type { DocketRecord } from '../../core/domain.ts';
import type { JobDelivery } from '../../core/template-jobs.ts';
import { jobStatus } from './status.ts';

function record(fields: Partial<DocketRecord>): DocketRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 'j',
    applicationId: 'a',
    kind: 'template',
    status: 'queued',
    stage: null,
    mimeType: 'application/pdf',
    filename: null,
    sizeBytes: 1,
    blobKey: null,
    applicationUserId: null,
    applicationNumber: 1,
    options: {},
    result: null,
    error: null,
    pages: null,
    parentId: null,
    idempotencyKey: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    fileDeletedAt: null,
    fileDeletedReason: null,
    resultDeletedAt: null,
    ...fields,
  };
}

const zip = 'application/zip';

describe("seed 002's job status strings", () => {
  it.each<[Partial<DocketRecord>, JobDelivery, string]>([
    [{ status: 'queued' }, 'none', 'NEW'],
    [{ status: 'queued', mimeType: zip }, 'none', 'NEW'],
    [{ status: 'processing', stage: 'unzipping', mimeType: zip }, 'none', 'UNZIPPING FILE'],
    [{ status: 'completed', mimeType: zip }, 'none', 'UNZIP FILE SUCCESS'],
    [{ status: 'failed', mimeType: zip }, 'pending', 'UNZIP FILE FAILED'],
    [{ status: 'failed', mimeType: zip }, 'succeeded', 'UNZIP FILE FAILED'],
    [{ status: 'processing', stage: 'analysing' }, 'none', 'PROCESSING IMAGE'],
    [{ status: 'completed' }, 'pending', 'PROCESS IMAGE SUCCESS'],
    [{ status: 'completed' }, 'succeeded', 'SUCCESS'],
    [{ status: 'completed' }, 'none', 'SUCCESS'],
    [{ status: 'completed' }, 'failed', 'FAILED'],
    [{ status: 'failed' }, 'pending', 'PROCESS IMAGE FAILED'],
    [{ status: 'failed' }, 'succeeded', 'FAILED'],
    [{ status: 'failed' }, 'none', 'FAILED'],
  ])('%o with its webhook %s is %s', (fields, delivery, expected) => {
    expect(jobStatus(record(fields), delivery)).toBe(expected);
  });
});
