import { describe, expect, it } from 'vitest';
import {
  cleanRange,
  greaterEqualReadAsTwo,
  joinedBounds,
  leadingInterval,
  parseRange,
  pickSexSpecific,
  repairOcrRange,
  splitRange,
  withinRange,
} from './ranges.ts';

describe('ranges', () => {
  it('splits a unit from an inline interval', () => {
    expect(splitRange('mmol/L [ref: < 5.0]')).toEqual({ before: 'mmol/L', range: '< 5.0' });
    expect(splitRange('g/L normal range 130 - 180')).toEqual({ before: 'g/L', range: '130 - 180' });
    expect(splitRange('mg/dL (70-99)')).toEqual({ before: 'mg/dL', range: '70-99' });
    expect(splitRange('normal range Negative')).toEqual({ before: '', range: 'Negative' });
    expect(splitRange('mg/dL')).toEqual({ before: 'mg/dL', range: null });
  });

  it('cleans brackets and labels', () => {
    expect(cleanRange('(3.5-5.1)')).toBe('3.5-5.1');
    expect(cleanRange('[ref: > 1.00]')).toBe('> 1.00');
  });

  it('parses interval shapes', () => {
    expect(parseRange('12.0 to 15.5')).toMatchObject({ low: 12, high: 15.5 });
    expect(parseRange('3,5-5,1')).toMatchObject({ low: 3.5, high: 5.1 });
    expect(parseRange('<5.7')).toMatchObject({ low: null, high: 5.7, highInclusive: false });
    expect(parseRange('Up to 130')).toMatchObject({ high: 130, highInclusive: true });
    expect(parseRange('> 39')).toMatchObject({ low: 39, lowInclusive: false });
    expect(parseRange('Negative')).toMatchObject({ text: 'negative' });
  });

  it('compares values with intervals', () => {
    expect(withinRange(4.9, parseRange('<5.7')!)).toBe(true);
    expect(withinRange(5.7, parseRange('<5.7')!)).toBe(false);
    expect(withinRange('<0.10', parseRange('0.00-0.30')!)).toBe(true);
    expect(withinRange('<0.010', parseRange('0.350-5.500')!)).toBe(false);
    expect(withinRange('0-1', parseRange('0-5')!)).toBe(true);
    expect(withinRange('None seen', parseRange('Absent')!)).toBe(true);
    expect(withinRange('1+', parseRange('Negative')!)).toBe(false);
    expect(withinRange('Few', parseRange('0-5')!)).toBeNull();
  });

  it('picks the sex-specific part of an interval', () => {
    expect(pickSexSpecific('M: 13.5-17.5; F: 12.0-15.5', 'F')).toBe('12.0-15.5');
    expect(pickSexSpecific('Male 13.5-17.5, Female 12.0-15.5', 'M')).toBeNull();
    expect(pickSexSpecific('Male: 13.5-17.5, Female: 12.0-15.5', 'M')).toBe('13.5-17.5');
  });
});

describe('OCR interval repairs', () => {
  it('puts back a decimal point the lower bound lost, by the upper bound decimals', () => {
    expect(repairOcrRange('40to5.6', 5.1)).toBe('4.0to5.6');
    expect(repairOcrRange('350 - 5.10', 4)).toBe('3.50 - 5.10');
    expect(repairOcrRange('4.0 to 5.6', 5.1)).toBe('4.0 to 5.6');
  });

  it('reads a letter O before "to" as zero', () => {
    expect(repairOcrRange('Oto 40', 19)).toBe('0to 40');
  });

  it('divides two integer bounds by ten only when a decimal value fits the result', () => {
    expect(repairOcrRange('75to115', 9.4)).toBe('7.5to11.5');
    expect(repairOcrRange('115-145', 13.1)).toBe('11.5-14.5');
    expect(repairOcrRange('75-115', 94)).toBe('75-115');
    expect(repairOcrRange('75-115', 80.5)).toBe('75-115');
    expect(repairOcrRange('75-115', 140.2)).toBe('75-115');
  });
});

describe('interval notations of other labs', () => {
  it('reads brackets, en dashes with decimal commas, ≤, and "up to" in five languages', () => {
    expect(splitRange('[3,5 – 5,0]').range).toBe('3,5 – 5,0');
    expect(parseRange('3,5 – 5,0', true)).toMatchObject({ low: 3.5, high: 5 });
    expect(parseRange('≤5.0')).toMatchObject({ high: 5, highInclusive: true });
    expect(parseRange('> 40')).toMatchObject({ low: 40, lowInclusive: false });
    for (const upTo of ['up to 200', "jusqu'à 200", 'bis 200', 'tot 200', 'hasta 200'])
      expect(parseRange(upTo), upTo).toMatchObject({ low: null, high: 200, highInclusive: true });
    expect(withinRange(200, parseRange('up to 200')!)).toBe(true);
    expect(withinRange(5, parseRange('< 5')!)).toBe(false);
  });

  it('compares qualitative results in other languages', () => {
    expect(withinRange('négatif', parseRange('Négatif')!)).toBe(true);
    expect(withinRange('Spuren', parseRange('negativ')!)).toBe(false);
    expect(withinRange('negatief', parseRange('Negatief')!)).toBe(true);
  });

  it('reads an OCR interval whose bounds lost their decimal marks after a leading zero', () => {
    // `0,8 - 1,2` read as `08-12`: no laboratory prints `08`, and both bounds share their places.
    expect(repairOcrRange('08-12', 0.54)).toBe('0.8-1.2');
    expect(repairOcrRange('06-12', 0.95)).toBe('0.6-1.2');
    expect(repairOcrRange('0.40-4.00', 0.32)).toBe('0.40-4.00');
    expect(repairOcrRange('4000-11000', 14829)).toBe('4000-11000');
  });

  it('splits two decimal bounds whose dash OCR lost, by their shared decimal places', () => {
    expect(repairOcrRange('3.55.2', 4.3)).toBe('3.5-5.2');
    expect(repairOcrRange('0,401,20', 1)).toBe('0,40-1,20');
    // The split would make the lower bound the larger: not an interval.
    expect(repairOcrRange('9.51.2', 4)).toBe('9.51.2');
  });

  it('splits an interval whose dash and second decimal mark OCR both lost, when one split fits', () => {
    expect(joinedBounds('3,551')).toBe('3,5-5,1');
    expect(joinedBounds('(4.254)')).toBe('4.2-5.4');
    expect(joinedBounds('4,0100')).toBe('4,0-10,0');
    // The only split puts the lower bound above the upper one: a number, not an interval.
    expect(joinedBounds('150,000')).toBeNull();
    expect(joinedBounds('5,21')).toBeNull();
  });

  it('takes the interval at the start of a cell OCR glued a unit to', () => {
    expect(leadingInterval('20-45%')).toEqual({ range: '20-45', rest: '%' });
    expect(leadingInterval('4,0-10,0 10M')).toEqual({ range: '4,0-10,0', rest: '10M' });
    expect(leadingInterval('[135 — 145] mmol')).toEqual({ range: '135 — 145', rest: 'mmol' });
    expect(leadingInterval('< 40] UL')).toEqual({ range: '< 40', rest: 'UL' });
    expect(leadingInterval('3.5-5.1')).toBeNull();
    expect(leadingInterval('M: 13-17 F: 12-15')).toBeNull();
  });

  it('reads a lone number starting with 2 as the `≥` bound OCR read as a 2', () => {
    expect(greaterEqualReadAsTwo('240')).toBe('≥40');
    expect(greaterEqualReadAsTwo('(21.0)')).toBe('≥1.0');
    expect(greaterEqualReadAsTwo('20.5')).toBe('≥0.5');
    expect(greaterEqualReadAsTwo('20')).toBeNull();
    expect(greaterEqualReadAsTwo('205')).toBeNull();
    expect(greaterEqualReadAsTwo('2733')).toBeNull();
    expect(greaterEqualReadAsTwo('140')).toBeNull();
    expect(parseRange(greaterEqualReadAsTwo('240')!)).toMatchObject({ low: 40, high: null });
  });
});
