import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { DocketError } from './errors.ts';
import type { BlobStore, Store } from './ports.ts';
import { type SampleReading, type TemplateEvaluator, TemplatePreviews } from './template-preview.ts';

const sample = {
  id: 'rec_1',
  applicationId: 'app',
  mimeType: 'application/pdf',
  blobKey: 'b1',
  fileDeletedAt: null,
};

function previews(reading: SampleReading, reads: { count: number }) {
  const store = {
    records: { get: async (app: string, id: string) => (app === 'app' && id === 'rec_1' ? sample : null) },
  } as unknown as Store;
  const blobs = { get: async () => Buffer.from('%PDF') } as unknown as BlobStore;
  const evaluator: TemplateEvaluator = {
    problems: (d) => (d.broken ? ['fields.x.rules[0].regex: unbalanced'] : []),
    read: async () => {
      reads.count++;
      return reading;
    },
    evaluate: (d) => ({
      fields: { name: d.name },
      line_items: {},
      matches: [],
      missing_required: [],
      warnings: [],
      keywords_match: true,
    }),
  };
  return new TemplatePreviews({
    store,
    blobs,
    clock: manualClock(new Date(0)),
    evaluator,
    sampleTypes: ['application/pdf'],
  });
}

const ok: SampleReading = { ok: true, sample: { pages: 2, source: 'text' } };

describe('TemplatePreviews', () => {
  it('reads a sample once however many previews (even concurrent ones) use it', async () => {
    const reads = { count: 0 };
    const p = previews(ok, reads);
    const answers = await Promise.all([
      p.preview('app', { name: 'a' }, 'rec_1'),
      p.preview('app', { name: 'b' }, 'rec_1'),
    ]);
    await p.preview('app', { name: 'c' }, 'rec_1');
    expect(reads.count).toBe(1);
    expect(answers.map((a) => a.fields.name)).toEqual(['a', 'b']);
    expect(answers[0]).toMatchObject({ sample_record_id: 'rec_1', pages: 2, source: 'text' });
  });

  it('names a definition’s problems before reading anything, and refuses other tenants’ records', async () => {
    const reads = { count: 0 };
    const p = previews(ok, reads);
    await expect(p.preview('app', { broken: true }, 'rec_1')).rejects.toMatchObject({
      kind: 'invalid',
      details: { problems: ['fields.x.rules[0].regex: unbalanced'] },
    });
    await expect(p.preview('other', { name: 'a' }, 'rec_1')).rejects.toMatchObject({
      code: 'sample_not_found',
    });
    expect(reads.count).toBe(0);
  });

  it('turns an unreadable sample into a 422 with the reader’s words', async () => {
    const p = previews({ ok: false, code: 'no_text', message: 'No text could be read' }, { count: 0 });
    const error = await p.preview('app', { name: 'a' }, 'rec_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocketError);
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'no_text', message: 'No text could be read' });
  });
});
