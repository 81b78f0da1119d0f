import { describe, expect, it } from 'vitest';
import { repairOcrUnit } from './synonyms.ts';
import { convertValue, toUcum, unitClassOf } from './ucum.ts';

describe('units', () => {
  it('maps printed units to UCUM through the synonym table first', () => {
    expect(toUcum('K/uL')).toBe('10*3/uL');
    expect(toUcum('x10E3/uL')).toBe('10*3/uL');
    expect(toUcum('lakhs/cumm')).toBe('10*5/uL');
    expect(toUcum('/cu.mm')).toBe('/uL');
    expect(toUcum('mEq/L')).toBe('meq/L');
    expect(toUcum('µIU/mL')).toBe('u[IU]/mL');
    expect(toUcum('IU/L')).toBe('U/L');
    // International units as French, Spanish (UI), German and Dutch (IE) labs print them.
    expect(toUcum('mUI/L')).toBe('m[IU]/L');
    expect(toUcum('µUI/mL')).toBe('u[IU]/mL');
    expect(toUcum('UI/L')).toBe('U/L');
    expect(toUcum('IE/l')).toBe('U/L');
    expect(toUcum('mE/l')).toBe('mU/L');
    expect(toUcum('mm/uur')).toBe('mm/h');
    expect(toUcum('mm/1st hr')).toBe('mm/h');
    expect(toUcum('ng/mL')).toBe('ng/mL');
    expect(toUcum('Years')).toBeNull();
    expect(toUcum('01')).toBeNull();
  });

  it('reads a unit asked again as it did the first time, a known one or none', () => {
    // The second answers come from the cache of units already read.
    for (const round of [1, 2]) {
      expect(toUcum('mmol/L'), `round ${round}`).toBe('mmol/L');
      expect(toUcum('µmol/L'), `round ${round}`).toBe('umol/L');
      expect(toUcum('furlongs'), `round ${round}`).toBeNull();
      expect(toUcum('Years'), `round ${round}`).toBeNull();
    }
  });

  it('classifies and converts', () => {
    expect(unitClassOf('/nl')).toBe('count');
    expect(unitClassOf('/pL')).toBe('count');
    expect(convertValue(1.8, 'mU/L', 'm[IU]/L')).toBe(1.8);
    expect(convertValue(2.1, 'u[IU]/mL', 'mU/L')).toBe(2.1);
    expect(convertValue(6.42, 'u[IU]/mL', 'm[IU]/L')).toBe(6.42);
    expect(convertValue(0.5, '[IU]/L', 'm[IU]/L')).toBe(500);
    expect(unitClassOf('mg/dL')).toBe('mass');
    expect(unitClassOf('mmol/L')).toBe('moles');
    expect(unitClassOf('10*3/uL')).toBe('count');
    expect(convertValue(7880, '/uL', '10*3/uL')).toBe(7.88);
    expect(convertValue(100, 'mg/dL', 'mmol/L', 180.16)).toBeCloseTo(5.55, 2);
  });

  it('repairs typical OCR misreadings only into known units', () => {
    expect(repairOcrUnit('Jcumm')).toBe('/cumm');
    expect(repairOcrUnit('Lakh/pL')).toBe('Lakh/µL');
    expect(repairOcrUnit('Banana')).toBeNull();
  });
});
