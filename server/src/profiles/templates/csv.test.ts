import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { DocketRecord } from '../../core/domain.ts';
import { jobResultsCsv } from './csv.ts';

function job(id: string, result: unknown, fields: Partial<DocketRecord> = {}): DocketRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    applicationId: 'a',
    kind: 'template',
    status: 'completed',
    stage: null,
    mimeType: 'application/pdf',
    filename: `${id}.pdf`,
    sizeBytes: 1,
    blobKey: null,
    applicationUserId: null,
    applicationNumber: 1,
    options: { template_id: 't', static_values: { company: 'Acme, Inc.' } },
    result,
    error: null,
    pages: 1,
    parentId: null,
    idempotencyKey: null,
    createdAt: at,
    updatedAt: at,
    completedAt: at,
    fileDeletedAt: null,
    fileDeletedReason: null,
    resultDeletedAt: null,
    ...fields,
  };
}

describe('job results as CSV', () => {
  it('writes one row per line item with the document fields repeated, quoting what needs it', () => {
    const csv = jobResultsCsv([
      job('j1', {
        template_id: 't',
        fields: { invoice: 'A-1', total: 12.5, paid: true, note: 'line one\nline "two"', tags: ['x', 'y'] },
        line_items: [],
        line_item_lists: {
          lines: [
            { description: 'Bolt, M6', qty: 2 },
            { description: ' padded ', qty: 1 },
          ],
        },
      }),
    ]);
    expect(csv.slice(0, csv.indexOf('\n'))).toBe(
      'job_id,file_name,static_values.company,invoice,total,paid,note,tags,lines.description,lines.qty',
    );
    expect(csv).toContain('"Acme, Inc."');
    expect(csv).toContain('"line one\nline ""two"""');
    expect(csv).toContain('" padded "');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      job_id: 'j1',
      file_name: 'j1.pdf',
      'static_values.company': 'Acme, Inc.',
      invoice: 'A-1',
      total: '12.5',
      paid: 'true',
      note: 'line one\nline "two"',
      tags: '["x","y"]',
      'lines.description': 'Bolt, M6',
      'lines.qty': '2',
    });
    expect(rows[1]).toMatchObject({ invoice: 'A-1', 'lines.description': ' padded ', 'lines.qty': '1' });
  });

  it("writes one row per document without line items, the union of every job's columns, and skips failed jobs", () => {
    const csv = jobResultsCsv([
      job('j1', { fields: { invoice: 'A-1' }, line_items: [], line_item_lists: {} }),
      job('j2', { fields: { invoice: 'A-2', vat: null } }, { options: {} }),
      job('j3', null, { status: 'failed', error: { code: 'pdf_corrupt', message: 'x' } }),
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { job_id: 'j1', file_name: 'j1.pdf', 'static_values.company': 'Acme, Inc.', invoice: 'A-1', vat: '' },
      { job_id: 'j2', file_name: 'j2.pdf', 'static_values.company': '', invoice: 'A-2', vat: '' },
    ]);
  });

  it('has a header row even with no rows', () => {
    expect(jobResultsCsv([]).trim()).toBe('job_id,file_name');
  });
});
