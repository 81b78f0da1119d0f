import type { LoincPanel } from './types.ts';

/** Panel terms a section can map to (LOINC long common names as published). */
const PANELS = {
  cbc: { code: '58410-2', name: 'CBC panel - Blood by Automated count' },
  cbcWithDiff: { code: '57021-8', name: 'CBC W Auto Differential panel - Blood' },
  cmp: { code: '24323-8', name: 'Comprehensive metabolic 2000 panel - Serum or Plasma' },
  bmp: { code: '24321-2', name: 'Basic metabolic 2000 panel - Serum or Plasma' },
  lipid: { code: '24331-1', name: 'Lipid 1996 panel - Serum or Plasma' },
  lipidDirectLdl: { code: '57698-3', name: 'Lipid panel with direct LDL - Serum or Plasma' },
  hepatic: { code: '24325-3', name: 'Hepatic function 2000 panel - Serum or Plasma' },
  renal: { code: '24362-6', name: 'Renal function 2000 panel - Serum or Plasma' },
  electrolytes: { code: '24326-1', name: 'Electrolytes 1998 panel - Serum or Plasma' },
  iron: { code: '50190-8', name: 'Iron and Iron binding capacity panel - Serum or Plasma' },
  urinalysisComplete: { code: '24356-8', name: 'Urinalysis complete panel - Urine' },
  urinalysisDipstick: { code: '24357-6', name: 'Urinalysis macro (dipstick) panel - Urine' },
  pt: { code: '34528-0', name: 'PT panel - Platelet poor plasma by Coagulation assay' },
} as const satisfies Record<string, LoincPanel>;

const DIFFERENTIAL = new Set([
  '770-8',
  '736-9',
  '5905-5',
  '713-8',
  '706-2',
  '751-8',
  '731-0',
  '742-7',
  '711-2',
  '704-7',
]);
const CBC_CORE = new Set(['6690-2', '789-8', '718-7', '4544-3', '777-3', '787-2', '785-6', '786-4']);
const URINE_DIPSTICK = new Set([
  '5811-5',
  '5803-2',
  '5804-0',
  '5792-7',
  '5797-6',
  '5794-3',
  '5802-4',
  '5799-2',
  '5770-3',
  '20405-7',
]);
const URINE_MICROSCOPY = new Set(['5821-4', '13945-1', '5787-7', '5769-5']);
const DIRECT_LDL = new Set(['18262-6']);

/**
 * Chooses a panel code for a section from its printed name and the codes of its results. The name
 * says which kind of panel it is; the contents say which variant (with or without a differential,
 * direct or calculated LDL, dipstick only or with microscopy). Returns null when no panel applies.
 */
export function panelFor(sectionName: string, resultCodes: readonly (string | null)[]): LoincPanel | null {
  const name = sectionName.toLowerCase();
  const codes = new Set(resultCodes.filter((c): c is string => c !== null));
  const count = (set: Set<string>) => [...codes].filter((c) => set.has(c)).length;

  const cbcByName =
    /\b(cbc|fbc|complete blood count|full blood count|blood count|h(a)?emogram|h(a)?ematology)\b/.test(name);
  if ((cbcByName && count(CBC_CORE) >= 1) || count(CBC_CORE) >= 4) {
    return count(DIFFERENTIAL) > 0 ? PANELS.cbcWithDiff : PANELS.cbc;
  }
  if (/comprehensive metabolic|comp\.? metabolic|\bcmp\b/.test(name)) return PANELS.cmp;
  if (/basic metabolic|\bbmp\b/.test(name)) return PANELS.bmp;
  if (/lipid|cholesterol panel|cholesterol profile/.test(name) && codes.size > 0) {
    return count(DIRECT_LDL) > 0 ? PANELS.lipidDirectLdl : PANELS.lipid;
  }
  if (/liver|hepatic|\blft\b/.test(name)) return PANELS.hepatic;
  if (/renal|kidney|\bkft\b|\brft\b/.test(name)) return PANELS.renal;
  if (/electrolyte/.test(name)) return PANELS.electrolytes;
  if ((codes.has('2498-4') || codes.has('14798-3')) && (codes.has('2500-7') || codes.has('14800-7')))
    return PANELS.iron;
  if (/urin/.test(name) && count(URINE_DIPSTICK) >= 3) {
    return count(URINE_MICROSCOPY) > 0 ? PANELS.urinalysisComplete : PANELS.urinalysisDipstick;
  }
  if ((codes.has('5902-2') || codes.has('6301-6')) && /prothrombin|\bpt\b|\binr\b|coag/.test(name))
    return PANELS.pt;
  return null;
}
