/**
 * The document's language among the five the analyser reads, by trigram statistics (franc-min)
 * restricted to those five, so a short or noisy text cannot come out as a language Docket has no
 * cues for.
 */
import { franc } from 'franc-min';
import type { DocumentLanguage } from './schema.ts';

const ISO3: Record<string, DocumentLanguage> = { eng: 'en', fra: 'fr', deu: 'de', nld: 'nl', spa: 'es' };
const ONLY = Object.keys(ISO3);

/** Letters needed before a guess is made; below it the language is unknown (null). */
const MIN_LETTERS = 40;

/**
 * Detects the language of `text` from its prose: lines that are mostly digits (tables of values,
 * identifiers) are left out, since they say nothing about the language and skew trigram counts.
 */
export function detectLanguage(text: string): DocumentLanguage | null {
  const prose = text
    .split('\n')
    .filter((line) => (line.match(/\p{L}/gu)?.length ?? 0) > line.length * 0.5)
    .join('\n');
  if ((prose.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return null;
  const code = franc(prose, { only: ONLY, minLength: 10 });
  return ISO3[code] ?? null;
}
