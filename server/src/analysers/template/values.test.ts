import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDate, parseNumber } from './values.ts';

describe('parseNumber', () => {
  it('reads both decimal conventions, thousands groups, currencies and signs', () => {
    expect(parseNumber('1.234,56')).toBe(1234.56);
    expect(parseNumber('1,234.56')).toBe(1234.56);
    expect(parseNumber('€ 12,50')).toBe(12.5);
    expect(parseNumber('1 234,56 EUR')).toBe(1234.56);
    expect(parseNumber('-12.00')).toBe(-12);
    expect(parseNumber('(5.00)')).toBe(-5);
    expect(parseNumber('1,234', ',')).toBe(1.234);
    expect(parseNumber('1.234')).toBe(1234);
  });

  it('returns null for text that is no number', () => {
    expect(parseNumber('N/A')).toBeNull();
    expect(parseNumber('12.34.56', '.')).toBeNull();
  });
});

describe('parseDate', () => {
  it('uses the template formats first', () => {
    expect(parseDate('2022-10-22', { date_formats: ['%Y-%m-%d'] })).toBe('2022-10-22');
    expect(parseDate('05/07/2014', { date_formats: ['%d/%m/%Y'] })).toBe('2014-07-05');
  });

  it('reads numeric dates month-first for English, day-first otherwise, dotted always day-first', () => {
    expect(parseDate('03/04/2023')).toBe('2023-03-04');
    expect(parseDate('03/04/2023', { languages: ['de'] })).toBe('2023-04-03');
    expect(parseDate('31/12/2017')).toBe('2017-12-31');
    expect(parseDate('07.05.2014')).toBe('2014-05-07');
  });

  it('reads month names in several languages', () => {
    expect(parseDate('7. Mai 2014')).toBe('2014-05-07');
    expect(parseDate('19 april 2014', { languages: ['nl'] })).toBe('2014-04-19');
    expect(parseDate('May 7, 2014')).toBe('2014-05-07');
    expect(parseDate('20. März 2020')).toBe('2020-03-20');
  });

  it('rejects impossible dates', () => {
    expect(parseDate('31/31/2020')).toBeNull();
    expect(parseDate('not a date')).toBeNull();
  });
});

describe('parseBoolean', () => {
  it('reads yes/no words and marks', () => {
    expect(parseBoolean('Yes')).toBe(true);
    expect(parseBoolean('nein')).toBe(false);
    expect(parseBoolean('maybe')).toBeNull();
  });
});
