/**
 * Person names as printed: honorifics, the `SURNAME, Given` and `Given SURNAME` orders, family-name
 * particles (van, de, von, del …), Spanish double surnames, initials. Pure string work, no lookup of
 * first names: it must work for any name.
 */
import type { DocumentLanguage } from './schema.ts';

/** A name split into its parts. */
export interface ParsedName {
  given: string | null;
  family: string;
  /** `Given Family` in printed capitalisation. */
  full: string;
  /** The sex an honorific before it implies (Mrs, Mme, Frau, mevrouw, Sra. …), if any. */
  honorificSex: 'female' | 'male' | null;
}

const FEMALE =
  /^(?:mrs|ms|miss|mme|mlle|madame|mademoiselle|frau|mevr|mevrouw|mw|sra|srta|senora|senorita|dna|dona)\.?$/i;
const MALE = /^(?:mr|monsieur|herr|herrn|dhr|meneer|sr|senor|don)\.?$/i;
/** Abbreviations that are honorifics only in one language (elsewhere they are initials). */
const LOCAL_HONORIFICS: Partial<Record<DocumentLanguage, { female?: RegExp; male?: RegExp }>> = {
  fr: { male: /^m\.$/i },
  de: { female: /^fr\.$/i, male: /^hr\.$/i },
  es: { female: /^d(?:n)?a\.$/i, male: /^d\.$/i },
};
const OTHER_HONORIFIC = /^(?:mx|mstr|master)\.?$/i;
const DOCTOR = /^(?:dr|dra|drs|prof|professor|doctor|doctora|docteur|dokter|pr|med|mudr)\.?$/i;
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'di',
  'da',
  'du',
  'des',
  'la',
  'le',
  'ter',
  'ten',
  'te',
  "'t",
  'zu',
  'vom',
  'zum',
  'y',
  'e',
  'dos',
  'das',
  'do',
  'vd',
  'v.d.',
  'op',
  'in',
]);

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const isCaps = (t: string) => /\p{L}{2,}/u.test(t) && t === t.toUpperCase() && t !== t.toLowerCase();
const isInitial = (t: string) => /^\p{Lu}\.(?:-?\p{Lu}\.)*$/u.test(t);
const isCapitalised = (t: string) => /^\p{Lu}[\p{L}'’-]*$/u.test(t);
const isParticle = (t: string) => PARTICLES.has(t.toLowerCase());

/** Whether a token can be part of a name. */
function nameToken(t: string): boolean {
  return isCapitalised(t) || isInitial(t) || isParticle(t) || /^\p{Lu}[\p{Ll}]+-\p{Lu}[\p{Ll}]+$/u.test(t);
}

/** Words that are capitalised like names but are not (German nouns, headings). */
const NOT_NAMES =
  /^(?:kollegin|kollege|kollegen|doktor|patientin|patient|patiente|paciente|dame|herren|damen|colleague|sir|madam|madame|sirs|team|clinic|klinik|hospital|station|the|and|und|et|en|y|le|la|les|of|for|with|mit|avec|met|con|date|datum|fecha|born|dob|geb|nee|ne|geboren|male|female|years?|ans|jahre|jaar|anos|age|alter|leeftijd|edad)$/i;

/**
 * Parses a printed name; `null` when the text does not look like one (a lower-case phrase, a
 * doctor's name, a heading).
 */
export function parseName(text: string, language: DocumentLanguage | null = null): ParsedName | null {
  let cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/[“”"«»]/g, '')
    .trim();
  // Cut at what follows a name: a bracket, a date, a label, a dash between fields.
  cleaned = cleaned
    .split(
      /\s[-–|]\s|\s*[([]|\s(?=\d)|[;]|\s(?=(?:born|dob|d\.o\.b|geb|geboren|nee?|née|nacid[oa]|date|sexe?|age|âge)\b)/i,
    )[0]!
    .trim();
  cleaned = cleaned.replace(/[,.:\s]+$/, '');
  let tokens = cleaned.split(' ').filter(Boolean);
  let honorificSex: ParsedName['honorificSex'] = null;
  // Leading honorifics and articles ("de heer", "la patiente", "Frau").
  while (tokens.length > 0) {
    const t = tokens[0]!;
    const two = tokens.length > 1 ? `${t} ${tokens[1]}` : '';
    if (DOCTOR.test(t)) return null;
    if (/^de\s+heer$/i.test(two)) {
      honorificSex = 'male';
      tokens = tokens.slice(2);
    } else if (FEMALE.test(fold(t)) || (language && LOCAL_HONORIFICS[language]?.female?.test(fold(t)))) {
      honorificSex = 'female';
      tokens = tokens.slice(1);
    } else if (MALE.test(fold(t)) || (language && LOCAL_HONORIFICS[language]?.male?.test(fold(t)))) {
      honorificSex = 'male';
      tokens = tokens.slice(1);
    } else if (OTHER_HONORIFIC.test(t)) {
      tokens = tokens.slice(1);
    } else break;
  }
  if (tokens.some((t) => DOCTOR.test(t))) return null;
  if (tokens.length === 0 || tokens.length > 6) return null;

  // SURNAME, Given
  const joined = tokens.join(' ');
  const comma = joined.indexOf(',');
  if (comma > 0) {
    const family = joined.slice(0, comma).trim();
    const given = joined
      .slice(comma + 1)
      .trim()
      .replace(/,.*$/, '')
      .trim();
    const fTokens = family.split(' ');
    const gTokens = given.split(' ').filter(Boolean);
    if (
      fTokens.every(nameToken) &&
      gTokens.length > 0 &&
      gTokens.every(nameToken) &&
      valid(fTokens, gTokens)
    ) {
      return { given, family, full: `${given} ${family}`, honorificSex };
    }
    tokens = joined.slice(0, comma).split(' ');
  }
  if (!tokens.every(nameToken) || tokens.every(isParticle)) return null;
  if (tokens.some((t) => !isParticle(t) && NOT_NAMES.test(fold(t).replace(/[.:]/g, '')))) return null;
  if (tokens.length === 1) {
    // A lone token is a surname only when it is printed as one (capitals) after an honorific.
    if (!honorificSex && !isCaps(tokens[0]!)) return null;
    return { given: null, family: tokens[0]!, full: tokens[0]!, honorificSex };
  }
  const split = splitTokens(tokens, language);
  if (!split || !valid(split.family, split.given)) return null;
  const given = split.given.join(' ') || null;
  const family = split.family.join(' ');
  return { given, family, full: given ? `${given} ${family}` : family, honorificSex };
}

/**
 * A value printed in a family-name field (`Surname: Doe`, `Nachname: van der Berg`): every token a
 * name token, no honorific or doctor's title; null otherwise.
 */
export function parseFamilyName(text: string): string | null {
  const tokens = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,.:;]+$/, '')
    .split(' ')
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > 4) return null;
  if (tokens.some((t) => DOCTOR.test(t) || (!isParticle(t) && NOT_NAMES.test(fold(t))))) return null;
  if (!tokens.every(nameToken) || tokens.every(isParticle)) return null;
  return tokens.join(' ');
}

/** A value printed in a first-name field: capitalised tokens or initials. */
export function parseGivenName(text: string): string | null {
  const tokens = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,:;]+$/, '')
    .split(' ')
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > 4) return null;
  if (!tokens.every((t) => isCapitalised(t) || isInitial(t))) return null;
  if (tokens.some((t) => NOT_NAMES.test(fold(t)))) return null;
  return tokens.join(' ');
}

function valid(family: string[], given: string[]): boolean {
  const real = family.filter((t) => !isParticle(t));
  return (
    real.length > 0 &&
    real.every((t) => !isInitial(t) && t.replace(/[^\p{L}]/gu, '').length >= 2) &&
    given.length <= 4
  );
}

function splitTokens(
  tokens: string[],
  language: DocumentLanguage | null,
): { given: string[]; family: string[] } | null {
  const caps = tokens.map((t) => isCaps(t.replace(/[.'’-]/g, '')) && t.replace(/[^\p{L}]/gu, '').length >= 2);
  const anyCaps = caps.some(Boolean);
  const allCaps = caps.every(Boolean);
  if (anyCaps && !allCaps) {
    // The capitalised run (with particles next to it) is the family name: DUPONT Marie, Marie DUPONT,
    // Jan DE VRIES, María GARCÍA LÓPEZ.
    const first = caps.indexOf(true);
    const last = caps.lastIndexOf(true);
    let start = first;
    while (start > 0 && isParticle(tokens[start - 1]!)) start--;
    const family = tokens.slice(start, last + 1);
    const given = [...tokens.slice(0, start), ...tokens.slice(last + 1)];
    return { given, family };
  }
  // Particles start the family name: Jan de Vries, Ludwig van der Berg, Ana de la Fuente.
  const particle = tokens.findIndex((t, i) => i > 0 && isParticle(t) && i < tokens.length - 1);
  if (particle > 0) return { given: tokens.slice(0, particle), family: tokens.slice(particle) };
  // Spanish: two surnames.
  if (language === 'es' && tokens.length >= 3) {
    return { given: tokens.slice(0, -2), family: tokens.slice(-2) };
  }
  return { given: tokens.slice(0, -1), family: tokens.slice(-1) };
}
