/**
 * Puts back label words OCR misspelt (`Abnahmedahm` for `Abnahmedatum`, `prélévement` for
 * `prélèvement`), so that label patterns written for print also find them on scans and photos.
 * A word is replaced by the closest vocabulary word when the Levenshtein distance between their
 * folded forms (see `fold`) is at most one edit per five letters (never for words shorter than five).
 */
import { distance } from 'fastest-levenshtein';

/**
 * A word as OCR could have read it either way: no accents, lower case, and the shapes OCR merges
 * made one (`rn` and `m`, `i`, `l`, `1` and `|`, `vv` and `w`).
 */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/[il1|!]/g, 'l')
    .replace(/vv/g, 'w');
}

/** A vocabulary folded once, for {@link correctOcrWords}. */
export interface OcrVocabulary {
  words: readonly { folded: string; word: string }[];
}

/** Prepares `words` (as they should be printed) for {@link correctOcrWords}. */
export function ocrVocabulary(words: readonly string[]): OcrVocabulary {
  return { words: words.map((word) => ({ folded: fold(word), word })) };
}

/** `text` with every word near one of the vocabulary's replaced by it; other words unchanged. */
export function correctOcrWords(text: string, vocabulary: OcrVocabulary): string {
  return text.replace(/\p{L}{5,}/gu, (word) => {
    const folded = fold(word);
    const budget = Math.floor(folded.length / 5);
    let best: { word: string; d: number } | null = null;
    for (const entry of vocabulary.words) {
      if (entry.folded === folded) return entry.word;
      if (Math.abs(entry.folded.length - folded.length) > budget) continue;
      const d = distance(folded, entry.folded);
      if (d <= budget && (!best || d < best.d)) best = { word: entry.word, d };
    }
    return best?.word ?? word;
  });
}
