/**
 * Field labels printed on medical documents in English, French, German, Dutch and Spanish, as
 * regex sources over folded text (lower case, no accents; see text.ts). `strong` labels are
 * distinctive enough to count when only a space follows them (`DOB 03/04/1985`, `né le …`);
 * the others need a colon, a `#`, or a column gap after them (`Name:`, `Nom   DUPONT`).
 */

/** What a label announces. */
export type FieldKind =
  | 'patient_name'
  | 'family_name'
  | 'given_name'
  | 'subject'
  | 'date_of_birth'
  | 'sex'
  | 'identifier'
  | 'doctor'
  | 'document_date'
  | 'other_date'
  | 'other';

export interface LabelDef {
  kind: FieldKind;
  source: string;
  strong?: boolean;
  /** For identifiers: the identifier type the label names. */
  idType?: string;
}

const NO = String.raw`(?:\s*(?:no|nr|n[°ºo]|num(?:ber|ero|mer)?|#)\.?)?`;

export const LABELS: readonly LabelDef[] = [
  // Patient name, whole.
  {
    kind: 'patient_name',
    source: String.raw`(?:patient(?:e|in|\(e\)|\(in\))?|patient's|pt|pati[eë]nt(?:e)?)\s*(?:full\s+)?name|name\s+of\s+(?:the\s+)?patient|nom\s+(?:et\s+prenom\s+)?(?:du|de\s+la)\s+patient(?:e)?|nombre\s+(?:y\s+apellidos\s+)?del?\s+paciente|naam\s+(?:van\s+de\s+)?pati[eë]nt|patientenname|name\s+des\s+patienten`,
    strong: true,
  },
  {
    kind: 'patient_name',
    source: String.raw`patient(?:e|in|\(e\)|\(in\)|\/in|\/e)?|paciente|pati[eë]nt(?:e)?|patientin`,
  },
  {
    kind: 'patient_name',
    source: String.raw`(?:full\s+)?name|nom(?:\s+et\s+prenom|\s+prenom)?|naam|nombre\s+y\s+apellidos|nombre\s+completo`,
  },
  // Letter subject lines that usually name the patient.
  {
    kind: 'subject',
    source: String.raw`re|ref|regarding|concerning|subject|objet|concerne|betreff|betrifft|betreft|inzake|asunto|ref\.?`,
  },
  // Name in two fields.
  {
    kind: 'family_name',
    source: String.raw`surname|last\s+name|family\s+name|nom\s+de\s+famille|nom\s+de\s+naissance|nom\s+d'usage|nachname|familienname|achternaam|geslachtsnaam|apellidos?|primer\s+apellido`,
  },
  {
    kind: 'given_name',
    source: String.raw`first\s+names?|first\s+name\(s\)|given\s+names?|forenames?|forename\(s\)|prenoms?|vornamen?|voorna(?:a)?m(?:en)?|roepnaam|nombres?`,
  },
  // Date of birth.
  {
    kind: 'date_of_birth',
    source: String.raw`d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|date\s+de\s+naissance|nee?\(?e?\)?\s+le|ne\(e\)\s+le|ddn|geburtsdatum|geb\.?(?:\s?-?datum|\s+am)?|geboren(?:\s+am|\s+op)?|geboortedatum|fecha\s+de\s+nacimiento|f\.?\s*(?:de\s+)?nac(?:imiento)?\.?|fecha\s+nac\.?|nacid[oa]\s+el|°`,
    strong: true,
  },
  // Sex.
  { kind: 'sex', source: String.raw`sex|gender|sexe|genre|geschlecht|geslacht|sexo` },
  // Identifiers.
  { kind: 'identifier', idType: 'nhs_number', source: String.raw`nhs${NO}`, strong: true },
  { kind: 'identifier', idType: 'bsn', source: String.raw`bsn|burgerservicenummer`, strong: true },
  {
    kind: 'identifier',
    idType: 'niss',
    source: String.raw`insz|niss|inss|rijksregister(?:nummer|nr\.?)?|n[°º]\s*(?:de\s+)?registre\s+national|numero\s+national`,
    strong: true,
  },
  {
    kind: 'identifier',
    idType: 'nir',
    source: String.raw`nir|n[°º]\s*(?:de\s+)?s(?:ecurite)?\.?\s*s(?:ociale)?\.?|numero\s+de\s+securite\s+sociale|n[°º]\s*insee|n[°º]\s*secu`,
    strong: true,
  },
  {
    kind: 'identifier',
    idType: 'kvnr',
    source: String.raw`kvnr|krankenversichertennummer|versichertennummer|versicherten-?nr\.?|vers\.-?nr\.?`,
    strong: true,
  },
  { kind: 'identifier', idType: 'dni', source: String.raw`dni|nie|nif`, strong: true },
  {
    kind: 'identifier',
    idType: 'mrn',
    source: String.raw`mrn|medical\s+record${NO}|hospital${NO}|hosp\.?${NO}|unit${NO}|record${NO}|patient\s*(?:id|identifier|number|no\.?|nr\.?|#)|id\s+patient|ipp|n[°º]\s*(?:de\s+)?dossier|numero\s+de\s+dossier|dossier\s+n[°º]|n[°º]\s*(?:du\s+)?patient|numero\s+(?:du\s+)?patient|patienten-?(?:nummer|nr\.?|id)|pat\.?-?\s*nr\.?|pat\.?-?id|pid|pati[eë]nt(?:en)?-?(?:nummer|nr\.?|id)|dossiernummer|ziekenhuisnummer|nhc|n[°º]\s*(?:de\s+)?historia(?:\s+clinica)?|numero\s+de\s+historia(?:\s+clinica)?|historia\s+clinica|id\s+paciente|n[°º]\s*(?:de\s+)?paciente|numero\s+de\s+paciente`,
    strong: true,
  },
  // People who are not the patient: their names must not be taken for the patient's.
  {
    kind: 'doctor',
    source: String.raw`(?:referring|requesting|attending|treating|consultant|reporting|signing)\s+(?:physician|doctor|clinician|consultant|radiologist)|referred\s+by|requested\s+by|reported\s+by|signed\s+by|verified\s+by|dictated\s+by|gp|general\s+practitioner|physician|doctor|consultant|radiologist|prescriber|from|to|cc|copy\s+to|medecin(?:\s+(?:traitant|prescripteur|demandeur|referent))?|einsender|anforderer|prescripteur|destinataire|expediteur|radiologue|hausarzt|uberweiser|(?:behandelnder|einweisender|zuweisender)\s+arzt|arzt|arztin|facharzt|zuweiser|huisarts|verwijzer|aanvrager|behandelaar|specialist|radioloog|medico(?:\s+(?:solicitante|responsable|de\s+cabecera|remitente))?|facultativo|radiologo|firmado`,
  },
  // The document's own date.
  {
    kind: 'document_date',
    source: String.raw`date(?:\s+of\s+(?:letter|report|issue|dictation))?|dated|letter\s+date|report(?:ed)?\s+(?:date|on)|date\s+(?:du\s+)?(?:compte[\s-]rendu|courrier|rapport)|fait\s+le|datum(?:\s+(?:brief|bericht|verslag|rapport))?|fecha(?:\s+(?:del\s+)?informe)?|fecha\s+de\s+emision|printed|issued(?:\s+on)?|erstellt\s+am|befunddatum|berichtsdatum|datum\s+(?:van\s+)?uitslag|edite\s+le|date\s+d'edition|fecha\s+de\s+(?:validacion|resultado)`,
  },
  // Dates that are not the document's: admission, discharge, exam, collection, appointment.
  {
    kind: 'other_date',
    source: String.raw`(?:date\s+of\s+)?(?:admission|admitted|discharge|discharged|examination|exam|procedure|collection|collected|appointment|visit|surgery|operation)(?:\s+date)?|date\s+d'(?:entree|admission|examen|hospitalisation)|date\s+de\s+(?:sortie|l'examen|prelevement|consultation|rendez-vous)|preleve(?:\s+le)?|aufnahme(?:datum)?|entlassung(?:sdatum)?|untersuchungsdatum|entnahme|opname(?:datum)?|ontslag(?:datum)?|datum\s+(?:opname|ontslag|onderzoek|afname|consult)|fecha\s+de\s+(?:ingreso|alta|exploracion|extraccion|la\s+prueba|consulta)|ingreso|alta`,
  },
];

interface CompiledLabel extends LabelDef {
  re: RegExp;
}

/** Splits a regex source at its top-level `|`, so each alternative can be matched on its own. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/**
 * Every label alternative compiled on its own, matched at a word start: a regex alternation takes
 * the first alternative that matches, not the longest, and `geb.` must not win over `geb. datum`.
 */
export const COMPILED_LABELS: readonly CompiledLabel[] = LABELS.flatMap((l) =>
  alternatives(l.source).map((alt) => ({
    ...l,
    // One space between a label's words: two or more are a column gap, and a label never spans one.
    re: new RegExp(
      String.raw`(?<![\p{L}\d])(?:${alt.replaceAll(String.raw`\s+`, ' ').replaceAll(String.raw`\s*`, ' ?')})(?![\p{L}\d])`,
      'gu',
    ),
  })),
);
