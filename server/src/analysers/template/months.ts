/** Month names (full and abbreviated) in the languages invoices are most often printed in. */
const MONTHS: Record<string, string[]> = {
  en: [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ],
  de: [
    'januar',
    'februar',
    'märz',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'dezember',
  ],
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  it: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
  pt: [
    'janeiro',
    'fevereiro',
    'março',
    'abril',
    'maio',
    'junho',
    'julho',
    'agosto',
    'setembro',
    'outubro',
    'novembro',
    'dezembro',
  ],
};
const ORDER = ['en', 'de', 'nl', 'fr', 'es', 'it', 'pt'];

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\.$/, '');

/**
 * The month number (1–12) of a name or abbreviation (at least three letters, e.g. `Mär`, `Sept`),
 * accents ignored, trying the given languages first; `null` when none matches.
 */
export function monthNumber(name: string, languages: readonly string[] = []): number | null {
  const wanted = fold(name);
  if (wanted.length < 3) return null;
  const langs = [...languages.map((l) => l.slice(0, 2).toLowerCase()), ...ORDER];
  for (const lang of langs) {
    const months = MONTHS[lang];
    if (!months) continue;
    const exact = months.findIndex((m) => fold(m) === wanted);
    if (exact >= 0) return exact + 1;
    const prefix = months.findIndex((m) => fold(m).startsWith(wanted));
    if (prefix >= 0) return prefix + 1;
  }
  return null;
}
