import { describe, expect, it } from 'vitest';
import { textPdf } from '../../../test/support/pdfs.ts';
import { AnalysisLimitError } from '../limits/failures.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { readDocument } from './read-document.ts';

const noOcr = (): OcrEngine => {
  throw new Error('text PDFs must not need OCR');
};
const lines = ['Potassium 4.2 mmol/L 3.5-5.1 and enough text for a text layer'];

describe('readDocument time budget', () => {
  it('reads every page while the budget lasts', async () => {
    const pdf = await textPdf([lines[0] ?? '', lines[0] ?? '']);
    const layout = await readDocument(pdf, 'application/pdf', noOcr, {
      timeBudget: { endsAt: Date.now() + 60_000, budgetMs: 60_000 },
    });
    expect(layout.pages).toHaveLength(2);
  });

  it('stops between pages once the budget has ended, with analysis_timeout naming the budget', async () => {
    const pdf = await textPdf([lines[0] ?? '', lines[0] ?? '']);
    const reading = readDocument(pdf, 'application/pdf', noOcr, {
      timeBudget: { endsAt: Date.now() - 1, budgetMs: 2500 },
    });
    await expect(reading).rejects.toBeInstanceOf(AnalysisLimitError);
    await expect(reading).rejects.toMatchObject({
      failure: { code: 'analysis_timeout', message: expect.stringContaining('2.5 s') },
    });
  });
});
