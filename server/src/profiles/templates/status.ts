/**
 * Seed 002's status strings, from a job's record and how its webhook stands:
 *
 * | job | status |
 * |---|---|
 * | accepted, waiting for a worker | `NEW` |
 * | a ZIP being expanded | `UNZIPPING FILE` |
 * | a ZIP expanded into one job per root file / refused (bomb, no usable file, not a ZIP) | `UNZIP FILE SUCCESS` / `UNZIP FILE FAILED` |
 * | a file being read | `PROCESSING IMAGE` |
 * | read, its webhook still being tried | `PROCESS IMAGE SUCCESS` |
 * | unreadable, its failure webhook still being tried | `PROCESS IMAGE FAILED` |
 * | read and its webhook delivered (or no webhook due): results ready | `SUCCESS` |
 * | unreadable, or its webhook never arrived after every retry | `FAILED` |
 */
import type { DocketRecord } from '../../core/domain.ts';
import type { JobDelivery } from '../../core/template-jobs.ts';
import { ZIP } from '../file-types.ts';

export const JOB_STATUSES = [
  'NEW',
  'UNZIPPING FILE',
  'UNZIP FILE SUCCESS',
  'UNZIP FILE FAILED',
  'PROCESSING IMAGE',
  'PROCESS IMAGE SUCCESS',
  'PROCESS IMAGE FAILED',
  'SUCCESS',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function jobStatus(record: DocketRecord, delivery: JobDelivery): JobStatus {
  const batch = record.mimeType === ZIP;
  switch (record.status) {
    case 'queued':
      return 'NEW';
    case 'processing':
      return record.stage === 'unzipping' ? 'UNZIPPING FILE' : 'PROCESSING IMAGE';
    case 'completed':
      if (batch) return 'UNZIP FILE SUCCESS';
      if (delivery === 'pending') return 'PROCESS IMAGE SUCCESS';
      return delivery === 'failed' ? 'FAILED' : 'SUCCESS';
    case 'failed':
      if (batch) return 'UNZIP FILE FAILED';
      return delivery === 'pending' ? 'PROCESS IMAGE FAILED' : 'FAILED';
  }
}
