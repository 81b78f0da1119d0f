import { describe, expect, it } from 'vitest';
import { classify, MIN_CONFIDENCE } from './classify.ts';
import type { DocumentType } from './schema.ts';
import { plainDocumentText } from './text.ts';

// Hand-written texts in the five languages, worded unlike the generated fixtures.
const CASES: [DocumentType, string, string][] = [
  [
    'referral_letter',
    'en',
    `Dear Dr Patel,\nRe: Mr Alan Brooks, DOB 12/03/1961\nI would be grateful if you could review this gentleman who has had rectal bleeding for six weeks.\nHe takes no regular medicines.\nYours sincerely,\nDr K. Moss`,
  ],
  [
    'referral_letter',
    'fr',
    `Cher confrère,\nJe vous adresse Mme Lucie Garnier pour avis concernant des vertiges positionnels.\nElle n'a pas d'antécédent notable.\nBien confraternellement,\nDr Paul Roux`,
  ],
  [
    'referral_letter',
    'de',
    `Überweisung\nSehr geehrter Herr Kollege,\nich überweise Ihnen Herrn Tobias Lang mit der Bitte um Mitbehandlung bei unklarer Leberwerterhöhung.\nMit freundlichen Grüßen`,
  ],
  [
    'referral_letter',
    'nl',
    `Verwijsbrief\nGeachte collega,\nGraag verwijs ik mevrouw Els Kramer naar u met het verzoek om beoordeling van haar schouderklachten.\nMet vriendelijke groet,`,
  ],
  [
    'referral_letter',
    'es',
    `Estimado colega:\nLe remito a la paciente Laura Vega para valoración de disnea progresiva.\nUn saludo,`,
  ],
  [
    'lab_report',
    'en',
    `PATHOLOGY REPORT\nSpecimen collected: 02/05/2024\nTest  Result  Units  Reference range\nSodium  139  mmol/L  135 - 145\nPotassium  4.4  mmol/L  3.5 - 5.3\nUrea  6.1  mmol/L  2.5 - 7.8\nCreatinine  88  umol/L  60 - 110`,
  ],
  [
    'lab_report',
    'fr',
    `Résultats d'analyses\nPrélèvement du 02/05/2024\nGlycémie  5,4  mmol/L  3,9 - 5,8\nCholestérol total  5,9  mmol/L  < 5,2\nTriglycérides  1,2  mmol/L  0,4 - 1,7`,
  ],
  [
    'lab_report',
    'de',
    `Laborbefund\nMaterial: Serum\nNatrium  141  mmol/l  135 - 145\nKalium  4,1  mmol/l  3,5 - 5,1\nGamma-GT  62 H  U/l  < 60`,
  ],
  [
    'prescription',
    'en',
    `Rx\nMr Alan Brooks   DOB 12/03/1961\nLisinopril 10 mg tablets, one daily\nSimvastatin 40 mg tablets, one at night\nQuantity: 28 days\nSignature`,
  ],
  [
    'prescription',
    'fr',
    `ORDONNANCE\nMme Lucie Garnier\nAmoxicilline 1 g : 1 comprimé matin et soir pendant 6 jours\nParacétamol 500 mg : 2 gélules 3 fois par jour si douleur\nQSP 1 semaine`,
  ],
  [
    'prescription',
    'nl',
    `Recept\nDhr. P. Smits\nNaproxen 500 mg 2 dd 1 tablet\nOmeprazol 20 mg 1 dd 1 capsule`,
  ],
  [
    'discharge_summary',
    'en',
    `Discharge summary\nAdmission date: 01/04/2024   Discharge date: 07/04/2024\nDiagnosis at discharge: community-acquired pneumonia\nHospital course: treated with IV antibiotics, switched to oral on day 3.\nFollow-up: GP review in two weeks.`,
  ],
  [
    'discharge_summary',
    'de',
    `Entlassungsbrief\nwir berichten über Frau Inge Roth, die sich vom 01.04.2024 bis 07.04.2024 in unserer stationären Behandlung befand.\nEntlassungsdiagnose: Pneumonie\nEntlassmedikation: Amoxicillin 1 g 1-0-1`,
  ],
  [
    'discharge_summary',
    'es',
    `Informe de alta\nFecha de ingreso: 01/04/2024  Fecha de alta: 07/04/2024\nDiagnóstico al alta: neumonía adquirida en la comunidad\nEvolución: buena respuesta al tratamiento antibiótico.`,
  ],
  [
    'imaging_report',
    'en',
    `MRI LUMBAR SPINE\nClinical information: back pain with left leg radiation\nFindings:\nL4/5 disc protrusion contacting the left L5 nerve root.\nImpression:\nLeft paracentral L4/5 disc protrusion.`,
  ],
  [
    'imaging_report',
    'fr',
    `IRM du rachis lombaire\nIndication : lombosciatique gauche\nRésultats :\nProtrusion discale L4-L5 au contact de la racine L5 gauche.\nConclusion :\nHernie discale L4-L5.`,
  ],
  [
    'imaging_report',
    'nl',
    `Echografie bovenbuik\nVraagstelling: galstenen?\nBevindingen:\nGalblaas met meerdere concrementen.\nConclusie:\nCholecystolithiasis.`,
  ],
  [
    'consultation_note',
    'en',
    `Clinic note\nPresenting complaint: headaches\nHistory of present illness: two months of morning headaches.\nOn examination: fundi normal, no focal neurology.\nAssessment: tension-type headache\nPlan: reassurance, review if worse.`,
  ],
  [
    'consultation_note',
    'es',
    `Nota de consulta\nMotivo de consulta: dolor lumbar\nExploración física: Lasègue negativo.\nJuicio clínico: lumbalgia mecánica\nPlan: analgesia y revisión en un mes.`,
  ],
];

describe('classify', () => {
  for (const [type, lang, text] of CASES) {
    it(`${type} in ${lang}`, () => {
      const result = classify(plainDocumentText(text));
      expect(result.type).toBe(type);
      expect(result.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      expect(result.cues.length).toBeGreaterThan(0);
      const sum = Object.values(result.scores).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 1);
    });
  }

  it('calls an invoice `other`', () => {
    const result = classify(
      plainDocumentText(
        `INVOICE 2024-0042\nBill to: Alan Brooks\nConsultation  1  80.00\nTotal due: 80.00 GBP\nIBAN GB33 BUKB 2020 1555 5555 55\nPayment within 30 days`,
      ),
    );
    expect(result.type).toBe('other');
  });

  it('calls a text with no clinical evidence `other`', () => {
    const result = classify(
      plainDocumentText('Minutes of the residents association meeting\nThe garden party is on Saturday.'),
    );
    expect(result.type).toBe('other');
    expect(result.scores.other).toBeGreaterThan(0.5);
  });

  it('a letter that lists the current medication is still a referral, not a prescription', () => {
    const result = classify(
      plainDocumentText(
        `Dear Dr Patel,\nI would be grateful if you could see Mrs Ann Shaw with worsening knee pain.\nCurrent medication:\nNaproxen 500 mg twice daily\nOmeprazole 20 mg once daily\nYours sincerely,`,
      ),
    );
    expect(result.type).toBe('referral_letter');
  });

  it('a reply from clinic is a consultation note, not a referral', () => {
    const result = classify(
      plainDocumentText(
        `Dear Dr Moss,\nThank you for referring Mr Alan Brooks, whom I saw in clinic today.\nHistory: six weeks of rectal bleeding.\nOn examination: abdomen soft.\nPlan: colonoscopy.\nYours sincerely,`,
      ),
    );
    expect(result.type).toBe('consultation_note');
  });
});
