/**
 * Cue phrases for each document type in English, French, German, Dutch and Spanish, as regex
 * sources over folded text (lower case, accents removed; see text.ts). Each cue counts once per
 * document, whatever how often it occurs. Weights: 1 a hint that other types share, 2 a phrase
 * typical of the type, 3 a phrase that names the type or is hardly used elsewhere. `title` cues
 * name the type outright ("Discharge summary", "Ordonnance"); they weigh more when the line they
 * are on is the document's heading (see classify.ts).
 *
 * The lists come from how these documents are written (clinical letter conventions, report
 * headings, prescription notation), not from the generated fixtures; `other` cues are things that
 * are plainly not clinical documents (invoices, appointment letters, certificates). A few German
 * cues also accept the spellings English-trained OCR gives umlauts (`iiberweisung` for Überweisung).
 */
import type { DocumentType } from './schema.ts';

export interface Cue {
  type: DocumentType;
  source: string;
  weight: number;
  /** Names the type; weighs double on the heading line. */
  title?: boolean;
}

const c = (type: DocumentType, weight: number, sources: string[], title = false): Cue[] =>
  sources.map((source) => ({ type, source, weight, ...(title ? { title } : {}) }));

export const CUES: readonly Cue[] = [
  // Referral letters.
  ...c(
    'referral_letter',
    3,
    [
      String.raw`referral\s+letter`,
      String.raw`letter\s+of\s+referral`,
      String.raw`lettre\s+d'adressage`,
      String.raw`courrier\s+d'adressage`,
      String.raw`lettre\s+de\s+liaison\s+pour\s+avis`,
      String.raw`(?:u|ii|ue)berweisung(?:sschein|sbrief)?`,
      String.raw`verwijsbrief`,
      String.raw`verwijzing`,
      String.raw`carta\s+de\s+derivacion`,
      String.raw`hoja\s+de\s+(?:derivacion|interconsulta)`,
      String.raw`volante\s+de\s+derivacion`,
    ],
    true,
  ),
  ...c('referral_letter', 3, [
    String.raw`i\s+would\s+(?:be\s+(?:most\s+|very\s+)?grateful|appreciate\s+it)\s+if\s+you\s+(?:could|would)\s+(?:kindly\s+)?(?:see|review|assess|evaluate)`,
    String.raw`thank\s+you\s+for\s+(?:kindly\s+)?(?:seeing|reviewing|assessing)`,
    String.raw`(?:i\s+am|i'm)\s+(?:writing\s+to\s+)?refer(?:ring)?\b`,
    String.raw`(?:please|kindly)\s+(?:see|assess|review)\s+(?:this|my|the)\s+(?:patient|lady|gentleman|man|woman|young|\d)`,
    String.raw`reason\s+for\s+referral`,
    String.raw`urgent\s+(?:suspected\s+cancer\s+)?referral`,
    String.raw`je\s+(?:vous\s+)?(?:adresse|confie)`,
    String.raw`je\s+vous\s+remercie\s+de\s+bien\s+vouloir\s+(?:recevoir|voir|examiner)`,
    String.raw`merci\s+de\s+(?:bien\s+vouloir\s+)?(?:recevoir|voir)`,
    String.raw`motif\s+(?:d'adressage|de\s+l'adressage|de\s+la\s+demande\s+d'avis)`,
    String.raw`pour\s+avis\s+(?:specialise|et\s+prise\s+en\s+charge)`,
    String.raw`(?:ich\s+)?(?:u|ii|ue)berweise\s+(?:ich\s+)?(?:ihnen|ihn|sie|herr|frau)`,
    String.raw`mit\s+der\s+bitte\s+um\s+(?:mitbehandlung|weiterbehandlung|abklarung|beurteilung|ubernahme)`,
    String.raw`zur\s+(?:mitbehandlung|weiterbehandlung|abklarung)`,
    String.raw`(?:graag|hierbij)\s+verwijs\s+ik`,
    String.raw`verwijs\s+ik|ik\s+verwijs|(?:ik\s+)?verwijs\s+(?:u|naar\s+u)`,
    String.raw`reden\s+van\s+verwijzing`,
    String.raw`(?:zou|zouden)\s+(?:het\s+)?(?:op\s+prijs\s+stellen|dankbaar\s+zijn)\s+(?:als|indien)\s+u`,
    String.raw`wilt\s+(?:zien|beoordelen|onderzoeken)|graag\s+uw\s+(?:oordeel|beoordeling|advies)`,
    String.raw`verzoek\s+(?:om|tot)\s+(?:beoordeling|overname|behandeling|consult)`,
    String.raw`le\s+remito\s+(?:a|al)`,
    String.raw`remito\s+(?:a|al)\s+(?:la\s+|el\s+)?(?:paciente|consulta)`,
    String.raw`(?:para|solicito|solicitamos)\s+(?:su\s+)?valoracion`,
    String.raw`motivo\s+de\s+(?:derivacion|interconsulta)`,
    String.raw`agradeceria\s+(?:su\s+)?(?:valoracion|que\s+valorase|valorar)`,
    String.raw`solicito\s+(?:su\s+)?valoracion`,
  ]),
  ...c('referral_letter', 1.5, [
    String.raw`dear\s+(?:dr|doctor|colleague)`,
    String.raw`(?:cher|chere)\s+(?:confrere|cons(?:oe|œ)ur|collegue|ami)`,
    String.raw`sehr\s+geehrte[rs]?\s+(?:frau|herr)\s+(?:kollegin|kollege|dr)`,
    String.raw`liebe[rs]?\s+(?:kollegin|kollege)`,
    String.raw`(?:geachte|beste)\s+(?:collega|dokter|dr\.?|heer|mevrouw)`,
    String.raw`estimad[oa]\s+(?:colega|doctor|doctora|dr|dra)`,
    String.raw`referred\s+(?:to|by)`,
    String.raw`second\s+opinion`,
    String.raw`confraternellement`,
    String.raw`kollegialen\s+grussen`,
  ]),

  // Laboratory reports.
  ...c(
    'lab_report',
    3,
    [
      String.raw`(?:laboratory|lab|pathology)\s+(?:report|results?)`,
      String.raw`(?:compte[\s-]rendu|resultats?)\s+d'analyses?`,
      String.raw`analyses?\s+de\s+biologie\s+medicale`,
      String.raw`laboratoire\s+de\s+biologie`,
      String.raw`laborbefund`,
      String.raw`laborbericht`,
      String.raw`laborwerte`,
      String.raw`laboratoriumuitslagen`,
      String.raw`laboratoriumonderzoek`,
      String.raw`uitslagen\s+laboratorium`,
      String.raw`informe\s+de\s+(?:laboratorio|analisis|analitica)`,
      String.raw`resultados?\s+de\s+(?:laboratorio|analisis)`,
    ],
    true,
  ),
  ...c('lab_report', 2, [
    String.raw`reference\s+(?:range|interval|values?)`,
    String.raw`ref\.?\s+range`,
    String.raw`valeurs?\s+de\s+reference`,
    String.raw`valeurs?\s+usuelles`,
    String.raw`referenz(?:bereich|werte?|intervall)`,
    String.raw`normalbereich`,
    String.raw`normwert`,
    String.raw`referentie(?:waarden?|waarde|interval)`,
    String.raw`normaalwaarden?`,
    String.raw`valores?\s+de\s+referencia`,
    String.raw`intervalo\s+de\s+referencia`,
    String.raw`rango\s+de\s+referencia`,
    String.raw`specimen\s+(?:type|collected|received)`,
    String.raw`(?:sample|specimen)\s+(?:collected|received|date)`,
    String.raw`date\s+(?:de\s+)?prelevement`,
    String.raw`prelevement`,
    String.raw`probenentnahme|entnahmedatum|material\s*:\s*(?:serum|plasma|blut|urin)`,
    String.raw`afname(?:datum|moment)?`,
    String.raw`fecha\s+de\s+(?:extraccion|toma\s+de\s+muestra)`,
    String.raw`tipo\s+de\s+muestra`,
  ]),
  ...c('lab_report', 1, [
    String.raw`ha?emoglobin[ea]?|hemoglobine|hamoglobin|hemoglobina`,
    String.raw`creatinin[ea]?|kreatinin`,
    String.raw`leucocytes|leukozyten|leukocyten|leucocitos|white\s+(?:blood\s+)?cell`,
    String.raw`ha?ematolog(?:y|ie|ia)|hamatologie|hemograma|blutbild|full\s+blood\s+count|numeration\s+formule`,
    String.raw`biochemistry|biochimie|klinische\s+chemie|bioquimica|chimie\s+clinique`,
    String.raw`serum|plasma`,
    String.raw`mmol/l|umol/l|µmol/l|g/dl|mg/dl|g/l|u/l|ui/l|mui/l|10\^?9/l|giga/l|mg/l`,
  ]),

  // Prescriptions.
  ...c(
    'prescription',
    3,
    [
      String.raw`prescription(?!\s+(?:history|charges?))`,
      String.raw`ordonnance(?:\s+bizone)?`,
      String.raw`rezept|arzneiverordnung|kassenrezept|privatrezept`,
      String.raw`recept(?!ie|ion)`,
      String.raw`receta(?:\s+medica)?`,
      String.raw`prescripcion(?:\s+medica)?`,
    ],
    true,
  ),
  ...c('prescription', 2.5, [
    String.raw`(?:^|\s)rx(?:\s|:|$)|℞`,
    String.raw`non\s+substituable`,
    String.raw`(?:a\s+)?renouveler\s+\d+\s+fois|renouvelable`,
    String.raw`\bqsp\b|quantite\s+suffisante\s+pour`,
    String.raw`aut[\s-]idem`,
    String.raw`\bpzn\b`,
    String.raw`\bn[123]\b(?=.*(?:tabl|kaps|stuck|st\.))`,
    String.raw`dispense\s*(?:#|:|\d)|refills?\s*:|sig\s*:`,
    String.raw`(?:quantity|qty|menge|hoeveelheid|aantal|envases|cantidad|unidades|boites?)\s*:\s*\d`,
    String.raw`substitution\s+(?:allowed|permitted|not\s+permitted)`,
    String.raw`do\s+not\s+substitute`,
    String.raw`herhalen\s*:?\s*\d|herhaling|\bd\.?t\.?d\.?\b|niet\s+vervangen`,
    String.raw`no\s+sustituir|dispensar|posologia`,
    String.raw`verordnung`,
  ]),
  ...c('prescription', 1.5, [
    String.raw`pharmac(?:y|ist)|pharmacie|pharmacien|apotheke|apotheek|apotheker|farmacia|farmaceutico`,
    String.raw`signature\s+(?:du\s+)?(?:prescripteur|medecin)|prescriber|prescripteur`,
    String.raw`\d+\s+(?:comprimes?|gelules?|tabletten?|tabletas?|comprimidos?|capsul(?:es|as|en)|tablets?|sachets?)`,
  ]),

  // Discharge summaries.
  ...c(
    'discharge_summary',
    3,
    [
      String.raw`discharge\s+(?:summary|letter|report)`,
      String.raw`summary\s+of\s+(?:hospital\s+)?(?:admission|stay)`,
      String.raw`compte[\s-]rendu\s+d'hospitalisation`,
      String.raw`lettre\s+de\s+(?:sortie|liaison)`,
      String.raw`entlass(?:ungs)?(?:brief|[bh]ericht)`,
      String.raw`ontslagbrief|ontslagverslag|ontslagbericht`,
      String.raw`informe\s+de\s+alta(?:\s+hospitalaria)?`,
      String.raw`epicrisis`,
    ],
    true,
  ),
  ...c('discharge_summary', 2.5, [
    String.raw`(?:date\s+of\s+|admission\s+)(?:admission|date)`,
    String.raw`(?:date\s+of\s+|discharge\s+)(?:discharge|date)`,
    String.raw`diagnos[ie]s\s+(?:at|on)\s+discharge|discharge\s+diagnos[ie]s`,
    String.raw`(?:hospital\s+)?course\s+(?:in|during)\s+(?:hospital|admission|stay)|hospital\s+course`,
    String.raw`(?:medication|medicines|drugs)\s+(?:on|at)\s+discharge|discharge\s+medications?`,
    String.raw`length\s+of\s+stay`,
    String.raw`date\s+d'(?:entree|admission)|date\s+de\s+sortie`,
    String.raw`hospitalise(?:e)?\s+du|hospitalisation\s+du|sejour\s+du`,
    String.raw`motif\s+d'hospitalisation|diagnostic\s+de\s+sortie|traitement\s+de\s+sortie|traitement\s+a\s+la\s+sortie`,
    String.raw`aufnahme(?:datum|diagnose)|entlass(?:ungs)?(?:datum|diagnose|medikation)`,
    String.raw`station(?:a|ae)re[nr]?\s+(?:aufenthalt|behandlung|aufnahme)`,
    String.raw`in\s+unserer\s+(?:stationaren\s+)?behandlung`,
    String.raw`opnamedatum|ontslagdatum|datum\s+(?:van\s+)?(?:opname|ontslag)|ontslagdiagnose|medicatie\s+bij\s+ontslag`,
    String.raw`(?:was\s+)?opgenomen\s+(?:van|op|in)`,
    String.raw`fecha\s+de\s+(?:ingreso|alta)|diagnostico\s+(?:al|de)\s+alta|tratamiento\s+(?:al|de)\s+alta|motivo\s+de\s+ingreso`,
    String.raw`evolucion\s+(?:durante\s+(?:el\s+)?ingreso|hospitalaria)`,
  ]),
  ...c('discharge_summary', 1, [
    String.raw`admitted|discharged|ward\b|inpatient`,
    String.raw`hospitalisation|hospitalise|service\s+de\s+\p{L}+|sortie`,
    String.raw`station\b|aufnahme|entlassung|entlassen`,
    String.raw`opname|ontslag|ontslagen|afdeling`,
    String.raw`ingreso|ingresad[oa]|alta\b|planta\b`,
    String.raw`follow[\s-]up|suivi|nachsorge|controle|seguimiento`,
  ]),

  // Imaging reports.
  ...c(
    'imaging_report',
    3,
    [
      String.raw`radiology\s+report|imaging\s+report|report\s+of\s+(?:ct|mri|ultrasound)`,
      String.raw`compte[\s-]rendu\s+(?:radiologique|d'imagerie|d'echographie|de\s+(?:l'examen\s+)?(?:scanner|irm|radiographie))`,
      String.raw`radiologischer\s+befund|befundbericht\s+radiologie`,
      String.raw`radiologieverslag|verslag\s+radiologie|radiologisch\s+verslag`,
      String.raw`informe\s+(?:radiologico|de\s+(?:radiologia|imagen|ecografia|resonancia|tac|tomografia))`,
    ],
    true,
  ),
  ...c('imaging_report', 2.5, [
    String.raw`\bct\b|computed\s+tomography|cat\s+scan|\bmri\b|magnetic\s+resonance|\bpet(?:[\s/-]ct)?\b`,
    String.raw`ultrasound|ultrasonograph|sonograph|doppler|x[\s-]?ray|radiograph|mammogra|angiogra|fluoroscop|scintigra`,
    String.raw`\birm\b|\btdm\b|tomodensitometrie|scanner|echographie|radiographie|scintigraphie`,
    String.raw`\bmrt\b|kernspin|computertomograph|sonographie|rontgen|szintigraph`,
    String.raw`echografie|rontgenfoto|\bmri\b`,
    String.raw`resonancia\s+magnetica|\brm\b|\btac\b|\btc\b|ecografia|radiografia|tomografia`,
  ]),
  ...c('imaging_report', 2, [
    String.raw`(?:^|\n)\s*(?:findings|impression|technique|comparison|clinical\s+(?:indication|history|information))\s*:?\s*(?:$|\n)`,
    String.raw`(?:^|\n)\s*(?:resultats?|conclusion|technique|indication|protocole)\s*:?\s*(?:$|\n)`,
    String.raw`(?:^|\n)\s*(?:befund|beurteilung|technik|fragestellung|indikation)\s*:?\s*(?:$|\n)`,
    String.raw`(?:^|\n)\s*(?:bevindingen|conclusie|techniek|vraagstelling|indicatie)\s*:?\s*(?:$|\n)`,
    String.raw`(?:^|\n)\s*(?:hallazgos|impresion(?:\s+diagnostica)?|tecnica|conclusion|indicacion)\s*:?\s*(?:$|\n)`,
    String.raw`contrast(?:e|mittel)?|gadolinium|injection\s+(?:de\s+produit\s+de\s+contraste|iv)|kontrastmittel|contraste\s+(?:iv|intravenoso)`,
    String.raw`axial|sagittal|coronal|coupes|schichten|doorsneden|cortes|hounsfield|\bdlp\b|mgy|\bt1\b|\bt2\b|flair`,
    String.raw`radiolog(?:ist|ue|e|o|a)|radioloog|radiologie|radiologia`,
  ]),
  ...c('imaging_report', 1, [
    String.raw`no\s+(?:focal|acute)|unremarkable|lesion|opacit|nodul|densit|echogen|signal`,
    String.raw`pas\s+d'anomalie|sans\s+particularite|unauffallig|geen\s+afwijkingen|sin\s+hallazgos`,
  ]),

  // Consultation notes.
  ...c(
    'consultation_note',
    3,
    [
      String.raw`consultation\s+(?:note|report|record)|clinic\s+(?:note|letter)|outpatient\s+(?:note|consultation|clinic)|progress\s+note|office\s+visit`,
      String.raw`compte[\s-]rendu\s+de\s+consultation|note\s+de\s+consultation`,
      String.raw`konsultationsbericht|ambulanzbrief|ambulanter\s+(?:befund|bericht)|sprechstunde`,
      String.raw`consultverslag|poliklinisch\s+(?:consult|verslag)|spreekuur`,
      String.raw`nota\s+(?:de\s+)?(?:consulta|evolucion)|informe\s+de\s+consulta|hoja\s+de\s+consulta|consulta\s+externa`,
    ],
    true,
  ),
  ...c('consultation_note', 2.5, [
    String.raw`thank\s+you\s+for\s+(?:your\s+)?(?:referring|the\s+referral|referral)|(?:i|we)\s+(?:saw|reviewed)\s+.{0,60}\s+(?:in|at)\s+(?:the\s+)?(?:clinic|outpatients)`,
    String.raw`je\s+vous\s+remercie\s+de\s+m'avoir\s+adresse|vu(?:e|\(e\))?\s+(?:ce\s+jour\s+)?en\s+consultation`,
    String.raw`(?:vielen\s+)?dank\s+fur\s+die\s+(?:uberweisung|zuweisung)|in\s+(?:meiner|unserer)\s+(?:sprechstunde|ambulanz)`,
    String.raw`dank\s+voor\s+(?:uw\s+)?(?:verwijzing|de\s+verwijzing)|op\s+(?:het|mijn)\s+spreekuur`,
    String.raw`gracias\s+por\s+(?:remitir|remitirnos|la\s+derivacion)|valorad[oa](?:/a)?\s+(?:hoy\s+)?en\s+consulta`,
    String.raw`history\s+of\s+(?:the\s+)?present(?:ing)?\s+(?:illness|complaint)|\bhpi\b`,
    String.raw`(?:chief|presenting)\s+complaint`,
    String.raw`(?:^|\n)\s*(?:subjective|objective|assessment(?:\s+and\s+plan)?|plan)\s*:`,
    String.raw`on\s+examination|\bo/e\b|physical\s+exam(?:ination)?|review\s+of\s+systems`,
    String.raw`motif\s+de\s+(?:la\s+)?consultation|examen\s+clinique|histoire\s+de\s+la\s+maladie|conduite\s+a\s+tenir`,
    String.raw`(?:korperliche|klinische)\s+untersuchung|aktuelle\s+anamnese|jetzige\s+anamnese|procedere|vorstellungsgrund`,
    String.raw`lichamelijk\s+onderzoek|(?:^|\n)\s*(?:subjectief|objectief|evaluatie|beleid)\s*:|reden\s+(?:van\s+)?(?:komst|consult)`,
    String.raw`motivo\s+de\s+consulta|exploracion\s+(?:fisica|general)|enfermedad\s+actual|juicio\s+clinico`,
  ]),
  ...c('consultation_note', 1, [
    String.raw`anamne(?:se|sis)|antecedents?|antecedentes|past\s+medical\s+history|\bpmh\b|voorgeschiedenis|vorgeschichte|vorerkrankungen`,
    String.raw`vital\s+signs|blood\s+pressure|\bbp\b|tension\s+arterielle|blutdruck|bloeddruk|tension\s+arterial|\bta\b`,
    String.raw`(?:^|\n)\s*(?:plan|assessment|diagnosis|diagnostic|diagnose|diagnostico|conclusie|conclusion|impression)\s*:?`,
    String.raw`consultation|consult|konsultation|consulta|visite|visit`,
  ]),

  // Not a clinical document.
  ...c('other', 3, [
    String.raw`invoice|facture|rechnung|factuur|factura`,
    String.raw`amount\s+due|total\s+due|montant\s+(?:du|ttc|total)|gesamtbetrag|rechnungsbetrag|te\s+betalen|importe\s+total|total\s+a\s+pagar`,
    String.raw`\biban\b|\bbic\b|swift|vat\s+(?:no|number|reg)|tva\s+intracommunautaire|ust-?id|btw[\s-]?(?:nr|nummer)|\bnif\b\s*:?\s*[a-z]?\d`,
    String.raw`appointment\s+(?:confirmation|reminder|letter)|confirmation\s+de\s+rendez-vous|terminbestatigung|afspraakbevestiging|confirmacion\s+de\s+cita`,
    String.raw`your\s+appointment|votre\s+rendez-vous|ihr\s+termin|uw\s+afspraak|su\s+cita`,
    String.raw`certificat\s+medical|medical\s+certificate|fit\s+note|arbeitsunfahigkeitsbescheinigung|attestation|certificado\s+medico|medische\s+verklaring`,
    String.raw`consent\s+form|formulaire\s+de\s+consentement|einwilligungserklarung|toestemmingsformulier|consentimiento\s+informado`,
  ]),
];
