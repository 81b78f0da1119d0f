import { type KindCatalog, kindCatalog } from '../core/catalog.ts';

const PDF = 'application/pdf';
const IMAGES = ['image/jpeg', 'image/png', 'image/webp', 'image/tiff'] as const;

/**
 * The record kinds Docket knows and the file types each takes. This table is read on the HTTP
 * side (to answer 415 at once); the analysers themselves load lazily inside worker threads.
 */
const ANALYSER_KINDS: Record<string, readonly string[]> = {
  text: [PDF],
  lab_report: [PDF, ...IMAGES],
  nutrition: [...IMAGES],
};

export function defaultCatalog(): KindCatalog {
  return kindCatalog(ANALYSER_KINDS);
}
