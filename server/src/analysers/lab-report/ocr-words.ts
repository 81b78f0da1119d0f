/**
 * Puts back label words OCR misspelt (`Abnahmedahm` for `Abnahmedatum`, `prélévement` for
 * `prélèvement`), so that label patterns written for print also find them on scans and photos.
 * A word is replaced by the closest vocabulary word when the Levenshtein distance between their
 * folded forms (see `fold`) is at most one edit per five characters (never for words shorter than five).
 */
import { distance } from 'fastest-levenshtein';

/**
 * A word as OCR could have read it: no accents, lower case, `i`, `l`, `1` and `|` as one letter;
 * `merged` also makes one of the glyph pairs OCR merges (`rn` and `m`, `rr` and `n`, `vv` and `w`).
 * Words are compared in both forms, since a merge rule can also hide a plain substitution.
 */
function fold(s: string, merged: boolean): string {
  const plain = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[il1|!]/g, 'l');
  return merged ? plain.replace(/rn/g, 'm').replace(/rr/g, 'n').replace(/vv/g, 'w') : plain;
}

/** A vocabulary folded once, for {@link correctOcrWords}. */
export interface OcrVocabulary {
  words: readonly { plain: string; merged: string; word: string }[];
}

/** Prepares `words` (as they should be printed) for {@link correctOcrWords}. */
export function ocrVocabulary(words: readonly string[]): OcrVocabulary {
  return { words: words.map((word) => ({ plain: fold(word, false), merged: fold(word, true), word })) };
}

/** `text` with every word near one of the vocabulary's replaced by it; other words unchanged. */
export function correctOcrWords(text: string, vocabulary: OcrVocabulary): string {
  // Words of five letters or digits with three letters at least (`HbA1lc`), never plain numbers.
  return text.replace(/[\p{L}\d]{5,}/gu, (word) => {
    if ((word.match(/\p{L}/gu) ?? []).length < 3) return word;
    const plain = fold(word, false);
    const merged = fold(word, true);
    const budget = Math.floor(plain.length / 5);
    let best: { word: string; d: number } | null = null;
    for (const entry of vocabulary.words) {
      if (entry.plain === plain) return entry.word;
      if (Math.abs(entry.plain.length - plain.length) > budget + 1) continue;
      const d = Math.min(distance(plain, entry.plain), distance(merged, entry.merged));
      if (d <= budget && (!best || d < best.d)) best = { word: entry.word, d };
    }
    return best?.word ?? word;
  });
}
