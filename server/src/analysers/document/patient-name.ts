/**
 * The patient's name: from labelled fields first (`Patient:`, `Nom :`, `Surname` + `First name`,
 * `Re:`), then from honorific mentions in the text (`I would be grateful if you could see Mrs Jane
 * Doe`, `je vous adresse Mme DUPONT`). Names of doctors (after Dr/Prof, or in a referring-doctor,
 * GP, radiologist … field) are collected first and never taken for the patient's.
 */
import type { Field } from './fields.ts';
import { type ParsedName, parseFamilyName, parseGivenName, parseName } from './names.ts';
import type { DocumentLanguage } from './schema.ts';
import type { DocLine } from './text.ts';

export interface NameCandidate extends ParsedName {
  confidence: number;
  source: string;
  line: DocLine;
}

const DOCTOR_MENTION =
  /(?<![\p{L}])(?:[Dd]r|[Dd]ra|[Dd]rs|DR|[Pp]rof|PROF|[Pp]rofessor|[Dd]octeur|[Dd]octor|[Dd]octora|[Dd]okter|Pr)\.?\s+(?:med\.?\s+|h\.c\.\s+)?((?:(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|del|la|le|du|ten|ter)\s?){1,5})/gu;
// Case-sensitive on purpose: with the i flag, \p{Lu} would match lower-case letters too.
const HONORIFIC_MENTION =
  /(?<![\p{L}])(Mrs|Mr|Ms|Miss|MRS|MR|MS|Mme|Mlle|Madame|Monsieur|M\.|Herrn?|Frau|[Dd]hr\.?|[Dd]e heer|[Mm]evr\.?|[Mm]evrouw|[Mm]eneer|Sra\.|Srta\.|Sr\.|Don|Doña|Dña\.|D\.)\s+((?:(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|del|la|le|du|ten|ter|y)\s?){1,5})/gu;
const HONORIFIC_PREFIX =
  /^(?:mrs|mr|ms|miss|mme|mlle|madame|monsieur|m\.|herrn?|frau|dhr\.?|mevr\.?|mevrouw|sra\.|sr\.)\s+/i;

/** Words before a mention that say the person is the one the letter is about. */
const ABOUT_PATIENT =
  /(?:see|seeing|review|assess|referring|refer|regarding|concerning|re:|adresse|confie|recevoir|voir|concernant|uberweise|berichten\s+uber|betreff|verwijs|betreft|betreffende|remito|valorar|valoracion|paciente|patient(?:e|in)?|pati[eë]nt(?:e)?)\s*(?:\p{L}+\s+){0,3}$/iu;
const SALUTATION = /^(?:dear|cher|chere|sehr\s+geehrte[rs]?|liebe[rs]?|geachte|beste|estimad[oa])\s/i;

const foldCase = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Family names of the doctors the document mentions. */
export function doctorNames(lines: readonly DocLine[], fields: readonly Field[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    for (const m of line.text.matchAll(DOCTOR_MENTION)) {
      const tokens = m[1]!
        .trim()
        .split(/\s+/)
        .filter((t) => !/^\p{Lu}\.$/u.test(t));
      const last = tokens.at(-1);
      if (last) names.add(foldCase(last.replace(/[.,]$/, '')));
    }
  }
  for (const f of fields) {
    if (f.kind !== 'doctor') continue;
    const parsed = parseName(
      f.value.replace(/^(?:dr|dra|prof|docteur|doctor|dokter)\.?\s+(?:med\.?\s+)?/i, ''),
    );
    if (parsed) names.add(foldCase(parsed.family.split(' ').at(-1)!));
  }
  return names;
}

function isDoctor(name: ParsedName, doctors: Set<string>): boolean {
  return doctors.has(foldCase(name.family.split(' ').at(-1)!));
}

/** Strips words that often precede the name in a subject line (`your patient`, `votre patiente`). */
function subjectName(value: string): string {
  return value.replace(
    /^(?:(?:your|our|my|the)\s+patient|votre\s+patient(?:e)?|(?:ihre?n?|unsere?n?)\s+patient(?:in|en)?|(?:uw|onze)\s+pati[eë]nt(?:e)?|(?:su|nuestr[oa])\s+paciente|patient(?:e|in)?|paciente|pati[eë]nt(?:e)?)\s*:?\s*/i,
    '',
  );
}

/** All name candidates, most trustworthy first. */
export function nameCandidates(
  lines: readonly DocLine[],
  fields: readonly Field[],
  language: DocumentLanguage | null,
): NameCandidate[] {
  const doctors = doctorNames(lines, fields);
  const out: NameCandidate[] = [];
  const add = (name: ParsedName | null, confidence: number, line: DocLine, labelled: boolean) => {
    if (!name) return;
    // A labelled patient field is trusted even when a doctor shares the surname.
    if (!labelled && isDoctor(name, doctors)) return;
    out.push({ ...name, confidence, source: line.text.trim(), line });
  };

  // Family and given names in separate fields, near each other.
  const families = fields.filter((f) => f.kind === 'family_name' && f.value);
  const givens = fields.filter((f) => f.kind === 'given_name' && f.value);
  const pair = (familyField: Field, confidence: number) => {
    const family = parseFamilyName(familyField.value.replace(HONORIFIC_PREFIX, ''));
    if (!family) return false;
    const givenField = givens.find((g) => Math.abs(g.line.index - familyField.line.index) <= 3);
    const given = givenField ? parseGivenName(givenField.value) : null;
    const sexMatch = HONORIFIC_PREFIX.exec(familyField.value);
    add(
      {
        given,
        family,
        full: given ? `${given} ${family}` : family,
        honorificSex: sexMatch
          ? /^(?:m\.|mr|herr|dhr|sr|monsieur)/i.test(sexMatch[0])
            ? 'male'
            : 'female'
          : null,
      },
      given ? confidence : confidence - 0.2,
      familyField.line,
      true,
    );
    return true;
  };
  for (const fam of families) pair(fam, 0.93);
  for (const f of fields) {
    if (f.kind === 'patient_name' && f.value) {
      // `Nom : DUPONT   Prénom : Marie`: a bare name label next to a first-name label is the surname.
      const nearGiven = givens.some((g) => Math.abs(g.line.index - f.line.index) <= 1);
      if (nearGiven && /^(?:nom|name|naam)$/i.test(foldCase(f.label)) && pair(f, 0.93)) continue;
      add(
        parseName(f.value, language),
        /^name|^nom|^naam|^nombre/i.test(foldCase(f.label)) ? 0.85 : 0.9,
        f.line,
        true,
      );
    } else if (f.kind === 'subject' && f.value) {
      add(parseName(subjectName(f.value), language), 0.8, f.line, false);
    }
  }
  // `Nombre: María García López` with no surname field: a first-name label holding a whole name.
  if (families.length === 0) {
    for (const g of givens) {
      const parsed = parseName(g.value, language);
      if (parsed?.given) add(parsed, 0.7, g.line, true);
    }
  }

  // Honorific mentions in the text.
  for (const line of lines) {
    for (const m of line.text.matchAll(HONORIFIC_MENTION)) {
      const before = line.text.slice(0, m.index);
      if (/(?:dr|prof|docteur|doctor|dokter)\.?\s*$/i.test(before)) continue;
      const parsed = parseName(`${m[1]} ${m[2]}`, language);
      if (!parsed) continue;
      const salutation = SALUTATION.test(line.text.trim()) && before.trim().split(/\s+/).length <= 3;
      const about = ABOUT_PATIENT.test(foldCase(before)) || ABOUT_PATIENT.test(before);
      add(parsed, about ? 0.75 : salutation ? 0.5 : 0.6, line, false);
    }
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/**
 * The patient's name: the most trusted candidate, a little more trusted when other candidates
 * agree on the family name.
 */
export function patientName(
  lines: readonly DocLine[],
  fields: readonly Field[],
  language: DocumentLanguage | null,
): NameCandidate | null {
  const candidates = nameCandidates(lines, fields, language);
  const best = candidates[0];
  if (!best) return null;
  const family = foldCase(best.family);
  const agreeing = candidates.filter((c) => c !== best && foldCase(c.family) === family).length;
  // A mention with only a surname can borrow the given name from an agreeing fuller candidate.
  let chosen = best;
  if (!best.given) {
    const fuller = candidates.find((c) => c.given && foldCase(c.family) === family);
    if (fuller) chosen = { ...best, given: fuller.given, full: `${fuller.given} ${best.family}` };
  }
  // The honorific of any mention of the same person tells the sex when the chosen one has none.
  const honorificSex =
    chosen.honorificSex ??
    candidates.find((c) => c.honorificSex && foldCase(c.family) === family)?.honorificSex ??
    null;
  return {
    ...chosen,
    honorificSex,
    confidence: Math.min(0.99, chosen.confidence + 0.04 * Math.min(agreeing, 2)),
  };
}
