/**
 * Structure features the cue phrases cannot see: how many lines read like a result row (a value
 * with a unit and a reference range), like a medication order (a drug, a dose, a frequency), or
 * like a section heading of a consultation or an imaging report, and whether a stay from one date to
 * another is printed.
 */
import type { DocLine } from './text.ts';

export interface StructureFeatures {
  /** Lines with a number and a unit or a reference range (a lab result row). */
  resultRows: number;
  /** Of those, rows that also print a range. */
  rowsWithRange: number;
  /** Lines with a dose (number + mg/ml/…) and a frequency, duration, or dosage form. */
  medicationLines: number;
  /** Non-empty lines. */
  lineCount: number;
  /** Lines of running text (seven words or more, with no dose or regimen in them). */
  proseLines: number;
  /** Distinct consultation (SOAP-like) section headings. */
  consultationHeadings: number;
  /** Distinct imaging report headings (findings, impression, technique, …). */
  imagingHeadings: number;
  /** A stay printed as from-date to-date (`du … au …`, `vom … bis …`, `from … to …`). */
  stayInterval: boolean;
  /** Opens with a salutation and closes with a sign-off, like a letter. */
  letter: boolean;
}

const NUMBER = String.raw`[<>≤≥]?\s?\d+(?:[.,]\d+)?`;
const UNIT = String.raw`(?:g|mg|µg|ug|ng|pg|mmol|µmol|umol|nmol|pmol|mol|meq|u|ui|iu|mu|mui|miu|ku|kiu|ml|l|dl|fl|%|x?\s?10\^?\d+|giga|tera|mm|cm|sec|s|ratio)(?:/(?:l|dl|ml|µl|ul|24h|h|min|kg|g|mmol|1\.73m²|1\.73\s?m2|mm3|mm³))?`;
const RANGE = String.raw`(?:[\[(]?\s?\d+(?:[.,]\d+)?\s?(?:-|–|—|to|a|bis|tot)\s?\d+(?:[.,]\d+)?\s?[\])]?|[<>≤≥]\s?\d+(?:[.,]\d+)?)`;
const RESULT_ROW = new RegExp(
  String.raw`\p{L}{2,}.*?(?<![\p{L}\d])${NUMBER}\s*(?:[hl]\b|\*|↑|↓)?\s+(?:${UNIT})(?![\p{L}])`,
  'iu',
);
const RANGE_AFTER_VALUE = new RegExp(String.raw`\d(?:[.,]\d+)?\s.*${RANGE}\s*(?:${UNIT})?\s*$`, 'iu');

const DOSE =
  /(?<![\p{L}\d])\d+(?:[.,]\d+)?\s?(?:mg|g|mcg|µg|ug|ml|ui|iu|ie|e|units?|unites|einheiten|eenheden|unidades|mmol|%|gtt|gouttes|tropfen|druppels|gotas|puffs?|bouffees|hub|pufjes)(?![\p{L}])/iu;
const REGIMEN =
  /(?<![\p{L}\d])(?:od|bd|bid|tds|tid|qds|qid|nocte|mane|prn|stat|daily|once|twice|three\s+times|four\s+times|every\s+\d+\s*(?:hours|h)|at\s+night|in\s+the\s+morning|\d\s*x\s*(?:\/|per)\s*(?:j|jour|d|day|tag|dag|dia)|\d+\s*(?:fois|x)\s*(?:par\s+)?jour|par\s+jour|le\s+matin|le\s+soir|au\s+coucher|matin|midi|soir|taglich|tgl|morgens|mittags|abends|zur\s+nacht|\d\s*dd|per\s+dag|maal\s+daags|keer\s+per\s+dag|'s\s+(?:morgens|avonds)|al\s+dia|cada\s+\d+\s*(?:h|horas)|por\s+la\s+(?:manana|noche)|al\s+acostarse|en\s+ayunas|\d-\d-\d(?:-\d)?|for\s+\d+\s+(?:days|weeks)|pendant\s+\d+\s+(?:jours|semaines|mois)|fur\s+\d+\s+(?:tage|wochen)|(?:gedurende|voor)\s+\d+\s+(?:dagen|weken)|durante\s+\d+\s+(?:dias|semanas)|tablets?|comprimes?|gelules?|capsules?|tabletten?|kapseln?|tabletas?|comprimidos?|capsulas?|sachets?|inhal\p{L}*|oral(?:ly)?|per\s+os|p\.o\.|s\.c\.|i\.v\.|sublingual)(?![\p{L}])/iu;

const CONSULTATION_HEADINGS = [
  /^(?:subjective|s)\s*:/,
  /^(?:objective|o)\s*:/,
  /^(?:assessment|a)\s*:/,
  /^(?:plan|p)\s*:?$|^plan\s*:/,
  /^(?:history(?:\s+of\s+present(?:ing)?\s+(?:illness|complaint))?|hpi|presenting\s+complaint|chief\s+complaint|reason\s+for\s+visit)\s*:?/,
  /^(?:examination|on\s+examination|physical\s+exam(?:ination)?|clinical\s+examination)\s*:?/,
  /^(?:motif\s+de\s+(?:la\s+)?consultation|anamnese|histoire\s+de\s+la\s+maladie|examen\s+clinique|conclusion|conduite\s+a\s+tenir|c\.?a\.?t\.?)\s*:?/,
  /^(?:anamnese|aktuelle\s+anamnese|befund|korperliche\s+untersuchung|untersuchungsbefund|diagnose|therapie|procedere|empfehlung)\s*:?/,
  /^(?:subjectief|objectief|evaluatie|beleid|anamnese|lichamelijk\s+onderzoek|conclusie)\s*:?/,
  /^(?:motivo\s+de\s+consulta|anamnesis|enfermedad\s+actual|exploracion(?:\s+fisica)?|juicio\s+clinico|plan|tratamiento)\s*:?/,
];

const IMAGING_HEADINGS = [
  /^(?:findings|resultats?|befund|bevindingen|hallazgos|descripcion)\s*:?/,
  /^(?:impression|conclusion|beurteilung|conclusie|impresion(?:\s+diagnostica)?|conclusion(?:es)?)\s*:?/,
  /^(?:technique|technik|techniek|tecnica|protocol(?:e)?|protocolo)\s*:?/,
  /^(?:indication|clinical\s+(?:indication|information|history)|fragestellung|indikation|vraagstelling|indicatie|indicacion|motivo\s+de\s+(?:la\s+)?exploracion|renseignements\s+cliniques)\s*:?/,
  /^(?:comparison|comparaison|vergleich|vergelijking|comparacion)\s*:?/,
];

const SALUTATION =
  /^(?:dear|cher|chere|chers|madame|monsieur|sehr\s+geehrte|liebe|geachte|beste|estimad[oa]s?|querid[oa])\b/;
const CLOSING =
  /(?:yours\s+(?:sincerely|faithfully)|kind\s+regards|best\s+wishes|with\s+best\s+regards|cordialement|confraternellement|bien\s+a\s+vous|salutations|mit\s+freundlichen|mit\s+kollegialen|met\s+vriendelijke|met\s+collegiale|hoogachtend|atentamente|un\s+(?:cordial\s+)?saludo|reciba\s+un)/;

const DATE_ISH = String.raw`(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4})`;
const STAY = new RegExp(
  String.raw`(?:from|du|vom|van|del|desde\s+el)\s+${DATE_ISH}\s+(?:to|until|au|bis(?:\s+zum)?|tot(?:\s+en\s+met)?|t/m|al|hasta\s+el)\s+${DATE_ISH}`,
  'u',
);

function countHeadings(lines: readonly DocLine[], headings: readonly RegExp[]): number {
  const seen = new Set<number>();
  for (const line of lines) {
    const text = line.folded.trim();
    if (text.length > 80) continue;
    headings.forEach((re, i) => {
      if (re.test(text)) seen.add(i);
    });
  }
  return seen.size;
}

/** Computes {@link StructureFeatures} for a document's lines. */
export function structureFeatures(lines: readonly DocLine[]): StructureFeatures {
  let resultRows = 0;
  let rowsWithRange = 0;
  let medicationLines = 0;
  let proseLines = 0;
  for (const line of lines) {
    const text = line.folded;
    const hasDose = DOSE.test(text);
    const hasRegimen = REGIMEN.test(text);
    if (hasDose && hasRegimen) medicationLines++;
    else if (!hasRegimen && text.trim().split(/\s+/).length >= 7) proseLines++;
    else if (RESULT_ROW.test(text) || (line.cells.length >= 3 && RANGE_AFTER_VALUE.test(text))) {
      resultRows++;
      if (RANGE_AFTER_VALUE.test(text)) rowsWithRange++;
    }
  }
  const firstLines = lines.slice(0, Math.min(lines.length, 25)).map((l) => l.folded.trim());
  const lastLines = lines.slice(-15).map((l) => l.folded.trim());
  const folded = lines.map((l) => l.folded).join('\n');
  return {
    resultRows,
    rowsWithRange,
    medicationLines,
    lineCount: lines.length,
    proseLines,
    consultationHeadings: countHeadings(lines, CONSULTATION_HEADINGS),
    imagingHeadings: countHeadings(lines, IMAGING_HEADINGS),
    stayInterval: STAY.test(folded),
    letter: firstLines.some((l) => SALUTATION.test(l)) && lastLines.some((l) => CLOSING.test(l)),
  };
}
