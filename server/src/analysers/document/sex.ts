/**
 * The patient's sex when printed (`Sex: F`, `Sexe : masculin`, `Geschlecht: weiblich`, `Geslacht:
 * V`, `Sexo: Mujer`), else implied, with less confidence, by the honorific before the patient's
 * name (Mrs, Mme, Frau, mevrouw, Sra. …).
 */
import type { Field } from './fields.ts';
import type { DocumentLanguage } from './schema.ts';

export interface Sex {
  value: 'female' | 'male';
  confidence: number;
  source: string;
}

const FEMALE_WORDS =
  /^(?:f|female|woman|fem|feminin|feminine|femme|w|weiblich|vrouw|vrouwelijk|femenino|mujer)\b/;
const MALE_WORDS = /^(?:m|male|man|masc|masculin|homme|h|mannlich|mannelijk|masculino|hombre|varon)\b/;

/** The value of a printed sex field, read in the document's language. */
export function readSex(value: string, language: DocumentLanguage | null): 'female' | 'male' | null {
  const v = value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .trim();
  // Single letters that change meaning with the language: V is vrouw (nl) but varón (es);
  // M is male in most forms but mujer in some Spanish ones, so a Spanish bare M is not read.
  if (/^v\b/.test(v)) return language === 'nl' ? 'female' : language === 'es' ? 'male' : null;
  if (/^m\b/.test(v) && language === 'es') return null;
  if (/^h\b/.test(v) && language !== 'fr' && language !== 'es') return null;
  if (FEMALE_WORDS.test(v)) return 'female';
  if (MALE_WORDS.test(v)) return 'male';
  return null;
}

/** The sex from a printed field, or from the honorific of the patient's name. */
export function patientSex(
  fields: readonly Field[],
  language: DocumentLanguage | null,
  honorific: { sex: 'female' | 'male' | null; source: string } | null,
): Sex | null {
  for (const f of fields) {
    if (f.kind !== 'sex') continue;
    const value = readSex(f.value, language);
    if (value) return { value, confidence: 0.95, source: f.line.text.trim() };
  }
  if (honorific?.sex) return { value: honorific.sex, confidence: 0.75, source: honorific.source };
  // Gendered labels: `née le`, `nacida el`, `Patientin`, `Patiente` (but not `né(e)`, `Patient(e)`).
  for (const f of fields) {
    const label = f.label
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    const female = /^(?:nee\s+le|nacida|patientin|patiente|pati[eë]nte)\b/.test(label);
    const male = /^(?:ne\s+le|nacido)\b/.test(label);
    if (female || male)
      return { value: female ? 'female' : 'male', confidence: 0.6, source: f.line.text.trim() };
  }
  return null;
}
