/**
 * Printed unit spellings that @lhncbc/ucum-lhc rejects or misreads (`K/uL` parses as kelvin per
 * microlitre, `mEq/L` and `uIU/mL` are invalid), mapped to their UCUM codes. Keys are compared after
 * {@link unitKey}: lower case, µ/μ/mc -> u, spaces removed, `cu.mm`/`cmm`/`mm3` -> `cumm`.
 */
const SYNONYMS: Record<string, string> = {
  // Cell counts
  'k/ul': '10*3/uL',
  'k/cumm': '10*3/uL',
  'thousand/ul': '10*3/uL',
  'thou/ul': '10*3/uL',
  'x10^3/ul': '10*3/uL',
  '10^3/ul': '10*3/uL',
  'x10e3/ul': '10*3/uL',
  '10e3/ul': '10*3/uL',
  'x10*3/ul': '10*3/uL',
  '10*3/ul': '10*3/uL',
  '10³/ul': '10*3/uL',
  'x10³/ul': '10*3/uL',
  '10^3/cumm': '10*3/uL',
  'x10^3/cumm': '10*3/uL',
  'thousand/cumm': '10*3/uL',
  'million/ul': '10*6/uL',
  'mill/ul': '10*6/uL',
  'mil/ul': '10*6/uL',
  'm/ul': '10*6/uL',
  'mill/cumm': '10*6/uL',
  'million/cumm': '10*6/uL',
  'millions/cumm': '10*6/uL',
  'x10^6/ul': '10*6/uL',
  '10^6/ul': '10*6/uL',
  'x10e6/ul': '10*6/uL',
  '10e6/ul': '10*6/uL',
  '10*6/ul': '10*6/uL',
  '10⁶/ul': '10*6/uL',
  'x10⁶/ul': '10*6/uL',
  '10^6/cumm': '10*6/uL',
  'x10^6/cumm': '10*6/uL',
  'lakh/ul': '10*5/uL',
  'lakhs/ul': '10*5/uL',
  'lakh/cumm': '10*5/uL',
  'lakhs/cumm': '10*5/uL',
  '/cumm': '/uL',
  'cells/cumm': '/uL',
  'cell/cumm': '/uL',
  '/ul': '/uL',
  'cells/ul': '/uL',
  'x10^9/l': '10*9/L',
  '10^9/l': '10*9/L',
  'x10e9/l': '10*9/L',
  '10e9/l': '10*9/L',
  '10*9/l': '10*9/L',
  'x10*9/l': '10*9/L',
  'g/l(cells)': '10*9/L',
  'x10^12/l': '10*12/L',
  '10^12/l': '10*12/L',
  'x10e12/l': '10*12/L',
  '10e12/l': '10*12/L',
  '10*12/l': '10*12/L',
  'x10*12/l': '10*12/L',
  't/l': '10*12/L',
  // Mass concentrations
  'gm/dl': 'g/dL',
  'gms/dl': 'g/dL',
  'g/dl': 'g/dL',
  'gm%': 'g/dL',
  'g%': 'g/dL',
  'gm/l': 'g/L',
  'g/l': 'g/L',
  'mg/dl': 'mg/dL',
  'mg%': 'mg/dL',
  'mg/l': 'mg/L',
  'ug/dl': 'ug/dL',
  'ug/l': 'ug/L',
  'ug/ml': 'ug/mL',
  'ng/ml': 'ng/mL',
  'ng/dl': 'ng/dL',
  'ng/l': 'ng/L',
  'pg/ml': 'pg/mL',
  'mg/24hr': 'mg/(24.h)',
  'mg/24h': 'mg/(24.h)',
  // Substance concentrations
  'meq/l': 'meq/L',
  'mmol/l': 'mmol/L',
  'umol/l': 'umol/L',
  'micromol/l': 'umol/L',
  'nmol/l': 'nmol/L',
  'pmol/l': 'pmol/L',
  'mmol/mol': 'mmol/mol',
  'mosm/kg': 'mosm/kg',
  'mosmol/kg': 'mosm/kg',
  // Arbitrary and enzyme units
  'iu/l': 'U/L',
  'u/l': 'U/L',
  'iu/ml': '[IU]/mL',
  'u/ml': 'U/mL',
  'uiu/ml': 'u[IU]/mL',
  'microiu/ml': 'u[IU]/mL',
  'uu/ml': 'u[IU]/mL',
  'miu/l': 'm[IU]/L',
  'mu/l': 'mU/L',
  'mu/ml': 'mU/mL',
  'miu/ml': 'm[IU]/mL',
  'uiu/l': 'u[IU]/L',
  'iu/dl': '[IU]/dL',
  // International units as French and Spanish (UI) and German and Dutch (IE) print them
  'ui/l': 'U/L',
  'ie/l': 'U/L',
  'ui/ml': '[IU]/mL',
  'ie/ml': '[IU]/mL',
  'mui/l': 'm[IU]/L',
  'mie/l': 'm[IU]/L',
  'mui/ml': 'm[IU]/mL',
  'mie/ml': 'm[IU]/mL',
  'uui/ml': 'u[IU]/mL',
  'uie/ml': 'u[IU]/mL',
  'uui/l': 'u[IU]/L',
  // Units (Einheiten, eenheden) as German and Dutch labs abbreviate them
  'e/l': 'U/L',
  'me/l': 'mU/L',
  'ue/ml': 'u[IU]/mL',
  // Other
  fl: 'fL',
  um3: 'um3',
  pg: 'pg',
  '%': '%',
  'l/l': 'L/L',
  sec: 's',
  secs: 's',
  seconds: 's',
  second: 's',
  s: 's',
  'mm/hr': 'mm/h',
  'mm/h': 'mm/h',
  'mm/1sthr': 'mm/h',
  'mm/1hr': 'mm/h',
  mmat1hr: 'mm/h',
  mmin1sthr: 'mm/h',
  'mm/1sthour': 'mm/h',
  'mm/uur': 'mm/h',
  'mm/std': 'mm/h',
  'mm/1.std': 'mm/h',
  mmafter1hr: 'mm/h',
  '/hpf': '/[HPF]',
  'cells/hpf': '/[HPF]',
  '/lpf': '/[LPF]',
  'mg/g': 'mg/g',
  'mg/gcreat': 'mg/g{creat}',
  'mg/mmol': 'mg/mmol',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m²': 'mL/min/{1.73_m2}',
  'ml/min': 'mL/min',
  ratio: '{ratio}',
  index: '{index}',
};

/** Canonical lookup key for a printed unit. */
export function unitKey(printed: string): string {
  return printed
    .normalize('NFKC')
    .replace(/[µμ]/g, 'u')
    .replace(/\bmc(?=g|l)/gi, 'u')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/cu\.?mm|c\.mm|cmm|mm3|mm³/g, 'cumm')
    .replace(/×/g, 'x')
    .replace(/ltr|litre|liter/g, 'l');
}

/** Every printed spelling the synonym table knows, as {@link unitKey} keys. */
export function knownUnitKeys(): readonly string[] {
  return Object.keys(SYNONYMS);
}

/** The UCUM code for a printed unit from the synonym table, or undefined. */
export function synonymUcum(printed: string): string | undefined {
  return SYNONYMS[unitKey(printed)];
}

/**
 * Spellings OCR commonly produces for units (`Jcumm` for `/cumm`, `pL` for `µL`, `O` for `0`),
 * mapped back when — and only when — the repaired form is a known unit. Returns the repaired
 * printed unit, or null.
 */
export function repairOcrUnit(printed: string): string | null {
  const trimmed = printed.replace(/[.,;:'`]+$/, '');
  const candidates = [
    trimmed,
    trimmed.replace(/^[JIl|!]\s*(?=c(u|mm))/i, '/'),
    trimmed.replace(/\/p(?=L\b|l\b)/, '/µ').replace(/^p(?=IU|g\/|mol)/, 'µ'),
    trimmed.replace(/^[JIl|!](?=hpf|lpf)/i, '/'),
    trimmed.replace(/O(?=\^|\*)/g, '0').replace(/(?<=10\^?)[Oo]/g, '0'),
    // `^` read as `%`, `°` or `"`: 10%6/uL.
    trimmed.replace(/^(x?10)[%°"'*](?=\d)/i, '$1^'),
    // A lost slash: `UL` for `U/L`, `Kul` for `K/uL`, `gmdl` for `gm/dl`.
    trimmed.replace(/^(I?U|K|mg|gm?|ug|ng|pg|mmol|umol|mEq)(?=u?[lL]$|dl$|dL$|ml$|mL$)/, '$1/'),
    // `l` read as `i` or `I` at the end: `gm/di`, `mg/dI`.
    trimmed.replace(/(?<=\/(?:d|m|u)?)[iI1]$/, 'l'),
    // `f` read as `i` in femtolitres.
    trimmed.replace(/^[iI]L$/, 'fL'),
  ];
  for (const candidate of candidates) {
    if (candidate !== printed && SYNONYMS[unitKey(candidate)]) return candidate;
  }
  return null;
}
