import { describe, expect, it } from 'vitest';
import { displayUnit, ocrUnitDistance, resolveOcrUnit } from './ocr-unit.ts';

describe('resolveOcrUnit', () => {
  it('reads garbled units as the known unit of the test’s class they most plausibly were', () => {
    expect(resolveOcrUnit('umollL', { classes: ['moles'] })).toBe('µmol/L');
    expect(resolveOcrUnit('pgdL', { classes: ['mass'] })).toBe('µg/dL');
    expect(resolveOcrUnit('mEgL', { classes: ['moles'] })).toBe('mEq/L');
    expect(resolveOcrUnit('mmvhr', { classes: ['rate'] })).toBe('mm/hr');
    expect(resolveOcrUnit('fi', { classes: ['volume'] })).toBe('fL');
    // `/l` merged into one letter.
    expect(resolveOcrUnit('uA', { classes: ['units'] })).toBe('U/L');
    expect(resolveOcrUnit('31UN'.slice(2), { classes: ['units'] })).toBe('U/L');
    // Thin glyphs lost at the end: `mmol` for `mmol/L`.
    expect(resolveOcrUnit('mmol', { classes: ['moles'] })).toBe('mmol/L');
  });

  it('lets the test’s unit class decide between readings', () => {
    // `mg/d` is a valid unit (per day), but a mass concentration was printed.
    expect(resolveOcrUnit('mg/d', { classes: ['mass'] })).toBe('mg/dL');
    // `pmoll` is pmol/L for a substance concentration, never a mass unit.
    expect(resolveOcrUnit('pmoll', { classes: ['moles'] })).toBe('pmol/L');
    expect(resolveOcrUnit('pmoll', { classes: ['mass'] })).toBeNull();
  });

  it('refuses what is too far from any unit, or equally close to two different ones', () => {
    expect(resolveOcrUnit('banana', null)).toBeNull();
    expect(resolveOcrUnit('a7', { classes: ['moles'] })).toBeNull();
    // `pumol/L`: a µ read as `pu` or a `u` inserted before `p`: µmol/L and pmol/L are as close.
    expect(resolveOcrUnit('pumol/L', null)).toBeNull();
    // Without a test, only a cheap confusion is trusted.
    expect(resolveOcrUnit('umolL', null)).toBe('µmol/L');
    expect(resolveOcrUnit('ma/dl', null)).toBeNull();
  });

  it('prices OCR confusions below arbitrary edits', () => {
    expect(ocrUnitDistance('pmol/l', 'umol/l')).toBeLessThan(ocrUnitDistance('kmol/l', 'umol/l'));
    expect(ocrUnitDistance('mg/di', 'mg/dl')).toBeLessThan(1);
    expect(ocrUnitDistance('u/l', 'u/l')).toBe(0);
  });

  it('prints resolved units as laboratories do', () => {
    expect(displayUnit('umol/l')).toBe('µmol/L');
    expect(displayUnit('mg/dl')).toBe('mg/dL');
    expect(displayUnit('10*9/l')).toBe('10^9/L');
    expect(displayUnit('meq/l')).toBe('mEq/L');
    expect(displayUnit('miu/l')).toBe('mIU/L');
    expect(displayUnit('mu/l')).toBe('mU/L');
    expect(displayUnit('x10^9/l')).toBe('x10^9/L');
  });
});
