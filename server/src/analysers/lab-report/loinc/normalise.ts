/** British and variant spellings folded to one form before matching. */
const SPELLINGS: readonly [RegExp, string][] = [
  [/haem/g, 'hem'],
  [/anaem/g, 'anem'],
  [/leuco/g, 'leuko'],
  [/oestr/g, 'estr'],
  [/colour/g, 'color'],
  [/sulph/g, 'sulf'],
  [/faec/g, 'fec'],
  [/\bchol\b/g, 'cholesterol'],
  [/\bhgb\b/g, 'hb'],
  // OCR reads the digit 1 in A1c as a lower-case l or capital I.
  [/\b(hb|hgb)?a[li]c\b/g, '$1a1c'],
];

/** Word-level singular form: `neutrophils` -> `neutrophil`, leaving `bacteria`, `glucose`, `gas`. */
function singular(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is|as)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Normalises a printed test name for lookup: lower case, accents and punctuation removed, British
 * spellings folded, words made singular. `%` and `#` are kept as separate words so callers can read
 * them as unit hints.
 */
export function normaliseTestName(printed: string): string {
  let s = printed
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/%/g, ' % ')
    .replace(/#/g, ' # ')
    .replace(/[^a-z0-9%#]+/g, ' ')
    .trim();
  for (const [pattern, replacement] of SPELLINGS) s = s.replace(pattern, replacement);
  return s.split(/\s+/).filter(Boolean).map(singular).join(' ');
}
