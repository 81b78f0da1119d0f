/**
 * The document classifier: transparent and offline. Every type collects evidence, the weights of the
 * cue phrases found (cues.ts) plus structure features (structure.ts); `other` starts from a fixed
 * threshold of evidence, {@link OTHER_BASELINE}, plus its own cues (invoices, appointments). A
 * softmax over those scores gives each type's probability; the most probable type wins, unless its
 * probability is under {@link MIN_CONFIDENCE}, in which case the document is `other`.
 */
import { CUES } from './cues.ts';
import { DOCUMENT_TYPES, type DocumentScores, type DocumentType } from './schema.ts';
import { type StructureFeatures, structureFeatures } from './structure.ts';
import type { DocLine, DocText } from './text.ts';

/** Evidence a medical type must beat to be chosen over `other` (same units as cue weights). */
export const OTHER_BASELINE = 4;
/** Softmax temperature: evidence points per factor e of odds. */
export const TEMPERATURE = 1.6;
/** Below this probability the best type is not trusted and the document is `other`. */
export const MIN_CONFIDENCE = 0.4;
/** A title cue's weight on a heading line (elsewhere it counts {@link TITLE_IN_BODY}). */
export const TITLE_ON_HEADING = 5;
export const TITLE_IN_BODY = 1.5;

export interface Classification {
  type: DocumentType;
  confidence: number;
  scores: DocumentScores;
  /** Evidence for the chosen type, strongest first. */
  cues: string[];
  /** Evidence points per type before the softmax (for tuning and explanations). */
  evidence: Record<DocumentType, number>;
}

interface Hit {
  type: DocumentType;
  weight: number;
  text: string;
}

const COMPILED = CUES.map((cue) => ({
  ...cue,
  re: new RegExp(String.raw`(?<![\p{L}\d])(?:${cue.source})(?![\p{L}\d])`, 'mu'),
}));

/** A short line near the top of page 1, large or in capitals: where a document names itself. */
export function isHeadingLine(line: DocLine): boolean {
  const words = line.text.trim().split(/\s+/).length;
  if (words > 8 || line.page !== 0) return false;
  const letters = line.text.replace(/[^\p{L}]/gu, '');
  const capitals = letters.length >= 4 && letters === letters.toUpperCase();
  return line.relativeSize >= 1.15 || (capitals && line.top < 0.5);
}

const TITLE_CUES = COMPILED.filter((cue) => cue.title);

/** Whether a line names a document type (`Discharge summary`, `Ordonnance`, `Verwijsbrief`). */
export function namesDocumentType(line: DocLine): boolean {
  return TITLE_CUES.some((cue) => cue.re.test(line.folded));
}

function cueHits(doc: DocText): Hit[] {
  const hits: Hit[] = [];
  const headingText = doc.lines
    .filter(isHeadingLine)
    .map((l) => l.folded)
    .join('\n');
  for (const cue of COMPILED) {
    const m = cue.re.exec(doc.folded);
    if (!m) continue;
    const onHeading = cue.title === true && cue.re.test(headingText);
    const weight = cue.title ? (onHeading ? TITLE_ON_HEADING : TITLE_IN_BODY) : cue.weight;
    const printed = doc.text.slice(m.index, m.index + m[0].length).trim();
    hits.push({ type: cue.type, weight, text: printed.replace(/\s+/g, ' ') });
  }
  return hits;
}

function structureHits(f: StructureFeatures): Hit[] {
  const hits: Hit[] = [];
  if (f.resultRows >= 3) {
    const weight = Math.min(f.resultRows, 15) * 0.4 + Math.min(f.rowsWithRange, 15) * 0.3;
    hits.push({
      type: 'lab_report',
      weight,
      text: `${f.resultRows} result rows (${f.rowsWithRange} with ranges)`,
    });
  }
  if (f.medicationLines >= 1) {
    // Medication orders that outnumber the running text make a prescription; a few in a letter or
    // a discharge summary (current treatment, discharge medication) do not.
    let weight = Math.min(f.medicationLines, 6) * 0.8;
    if (f.medicationLines > f.proseLines) weight += 2.5;
    if (f.letter) weight *= 0.4;
    hits.push({
      type: 'prescription',
      weight,
      text: `${f.medicationLines} medication lines (dose + regimen)`,
    });
  }
  if (f.consultationHeadings >= 2) {
    const weight = Math.min(6, (f.consultationHeadings - 1) * 1.5);
    hits.push({ type: 'consultation_note', weight, text: `${f.consultationHeadings} consultation headings` });
  }
  if (f.imagingHeadings >= 2) {
    const weight = Math.min(4, (f.imagingHeadings - 1) * 1.2);
    hits.push({ type: 'imaging_report', weight, text: `${f.imagingHeadings} report headings` });
  }
  if (f.stayInterval)
    hits.push({ type: 'discharge_summary', weight: 3, text: 'a stay from one date to another' });
  if (f.letter) {
    hits.push({ type: 'referral_letter', weight: 1, text: 'letter form (salutation, sign-off)' });
    hits.push({ type: 'discharge_summary', weight: 0.5, text: 'letter form (salutation, sign-off)' });
  }
  return hits;
}

/** Classifies a document from its text; see the module comment for the method. */
export function classify(doc: DocText): Classification {
  const hits = [...cueHits(doc), ...structureHits(structureFeatures(doc.lines))];
  const evidence = Object.fromEntries(DOCUMENT_TYPES.map((t) => [t, 0])) as Record<DocumentType, number>;
  evidence.other = OTHER_BASELINE;
  for (const hit of hits) evidence[hit.type] += hit.weight;

  const max = Math.max(...Object.values(evidence));
  const exp = DOCUMENT_TYPES.map((t) => Math.exp((evidence[t] - max) / TEMPERATURE));
  const total = exp.reduce((a, b) => a + b, 0);
  const scores = Object.fromEntries(
    DOCUMENT_TYPES.map((t, i) => [t, Math.round((exp[i]! / total) * 1000) / 1000]),
  ) as DocumentScores;

  let type = DOCUMENT_TYPES.reduce((best, t) => (scores[t] > scores[best] ? t : best), DOCUMENT_TYPES[0]);
  if (scores[type] < MIN_CONFIDENCE) type = 'other';
  const cues = hits
    .filter((h) => h.type === type)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 6)
    .map((h) => `${h.type}: "${h.text}"`);
  return { type, confidence: scores[type], scores, cues, evidence };
}
