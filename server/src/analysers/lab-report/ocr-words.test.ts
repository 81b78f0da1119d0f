import { describe, expect, it } from 'vitest';
import { correctOcrWords, ocrVocabulary } from './ocr-words.ts';

describe('correctOcrWords', () => {
  const vocabulary = ocrVocabulary(['abnahmedatum', 'prélèvement', 'harnsäure', 'ferritine', 'hba1c']);

  it('puts back label and name words OCR misspelt', () => {
    expect(correctOcrWords('Abnahmedahm: 22-Jul-2021', vocabulary)).toBe('abnahmedatum: 22-Jul-2021');
    // Accents read wrongly, and `rn` read as `m`.
    expect(correctOcrWords('Date de prélévement', vocabulary)).toBe('Date de prélèvement');
    expect(correctOcrWords('Hamsaure', vocabulary)).toBe('harnsäure');
    expect(correctOcrWords('Fermitine', vocabulary)).toBe('ferritine');
    // `rr` read as `n`, and an `l` added next to a `1`.
    expect(correctOcrWords('Fenitine', vocabulary)).toBe('ferritine');
    expect(correctOcrWords('HbA1lc', vocabulary)).toBe('hba1c');
  });

  it('leaves short words and words too far from the vocabulary alone', () => {
    expect(correctOcrWords('Ferro', vocabulary)).toBe('Ferro');
    expect(correctOcrWords('Natrium', vocabulary)).toBe('Natrium');
    expect(correctOcrWords('Abholdatum', vocabulary)).toBe('Abholdatum');
    expect(correctOcrWords('2026-10-03 13:50', vocabulary)).toBe('2026-10-03 13:50');
  });
});
