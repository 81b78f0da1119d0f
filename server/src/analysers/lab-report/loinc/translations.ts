/**
 * Printed test names in French, German, Dutch and Spanish, keyed by an English printed name the
 * curated table already knows (`tests.ts`). A translated name maps to every term of its English
 * name, so the unit class and specimen still tell same-named terms apart (glucose in mg/dL or
 * mmol/L, serum or urine).
 */
export const TRANSLATED_NAMES: Readonly<Record<string, string>> = {
  hemoglobin: 'hémoglobine|hämoglobin|hemoglobine|hemoglobina|hb',
  hematocrit: 'hématocrite|hämatokrit|hematocriet|hematocrito|hk|hkt',
  'red blood cell count':
    'hématies|érythrocytes|erythrozyten|erytrocyten|erythrocyten|hematíes|eritrocitos|globules rouges',
  'white blood cell count': 'leucocytes|leukozyten|leukocyten|leucocyten|leucocitos|globules blancs',
  'platelet count': 'plaquettes|thrombozyten|trombocyten|plaquetas|thrombocytes',
  mcv: 'vgm|vcm|volume globulaire moyen|volumen corpuscular medio',
  mch: 'tcmh|hcm|teneur corpusculaire moyenne en hémoglobine|hemoglobina corpuscular media',
  mchc: 'ccmh|chcm|concentration corpusculaire moyenne en hémoglobine',
  'neutrophil %':
    'polynucléaires neutrophiles %|neutrophiles %|neutrophile %|neutrofielen %|neutrófilos %|segmentkernige %',
  'lymphocyte %': 'lymphocytes %|lymphozyten %|lymfocyten %|linfocitos %',
  'neutrophil absolute':
    'neutrophiles valeur absolue|polynucléaires neutrophiles valeur absolue|neutrophile absolut|neutrofielen absoluut|neutrófilos absolutos|neutrophiles absolus',
  esr: 'vitesse de sédimentation|vs|blutsenkung|bsg|bse|bezinking|vsg|velocidad de sedimentación',
  inr: 'inr|tp inr|quick inr',
  fibrinogen: 'fibrinogène|fibrinogeen|fibrinógeno',
  sodium: 'natrium|sodio|natrémie',
  potassium: 'kalium|potasio|kaliémie',
  chloride: 'chlorure|chlorid|cloro|cloruro',
  creatinine: 'créatinine|kreatinin|kreatinine|creatinina|créatininémie',
  urea: 'urée|harnstoff|ureum|urea',
  glucose: 'glycémie|glukose|glucosa|glucose|glucemia',
  'fasting glucose':
    'glucose à jeun|glycémie à jeun|nüchternglukose|glukose nüchtern|nuchter glucose|glucose nuchter|nuchtere glucose|glucosa en ayunas|glucemia en ayunas|glucemia basal',
  'uric acid': 'acide urique|harnsäure|urinezuur|ácido úrico|uricémie',
  calcium: 'calcium|kalzium|calcio|calcémie',
  alt: 'alat|gpt|gpt alt|alt gpt|tgp|alanine aminotransférase',
  ast: 'asat|got|got ast|ast got|tgo|aspartate aminotransférase',
  ggt: 'gamma gt|gamma glutamyltransférase|gamma glutamyltransferase|γ gt',
  'alkaline phosphatase':
    'phosphatases alcalines|phosphatase alcaline|alkalische phosphatase|alkalische fosfatase|fosfatasa alcalina|pal|ap',
  'total bilirubin':
    'bilirubine totale|bilirubin gesamt|gesamtbilirubin|bilirubine totaal|totaal bilirubine|bilirrubina total',
  albumin: 'albumine|albumin|albúmina',
  crp: 'protéine c réactive|c reaktives protein|crp|proteína c reactiva',
  hba1c: 'hémoglobine glyquée|hba1c|hemoglobina glicosilada|hemoglobina glicada|glykiertes hämoglobin',
  'total cholesterol':
    'cholestérol total|gesamtcholesterin|cholesterin gesamt|totaal cholesterol|cholesterol totaal|colesterol total',
  'hdl cholesterol': 'cholestérol hdl|hdl cholesterin|hdl cholesterol|colesterol hdl|hdl',
  triglyceride: 'triglycérides|triglyceride|triglyceriden|triglicéridos',
  tsh: 'tsh basal|tsh us|thyréostimuline',
  'free t4': 't4 libre|freies t4|ft4|vrij t4|tiroxina libre',
  ferritin: 'ferritine|ferritina',
  iron: 'fer sérique|fer|eisen|ijzer|hierro|sideremia',
  'vitamin b12': 'vitamine b12|vitamin b12|vitamina b12|cobalamine',
  protein: 'protéines|protéinurie|eiweiß|eiweiss|eiwit|proteínas|proteinas',
  nitrite: 'nitrites|nitrit|nitriet|nitritos',
  ketone: 'corps cétoniques|cétones|ketonkörper|ketone|ketonen|cuerpos cetónicos',
  'specific gravity': 'densité|spezifisches gewicht|soortelijk gewicht|densidad',
  ph: 'ph wert|ph',
};
