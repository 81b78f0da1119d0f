import { describe, expect, it } from 'vitest';
import {
  bsnValid,
  checkDigits,
  dniValid,
  kvnrValid,
  nhsNumberValid,
  nirValid,
  nissValid,
} from './checksums.ts';

// Expected check digits below were computed independently from each format's published rule.
describe('national number checksums', () => {
  it('NHS number: modulus 11', () => {
    expect(nhsNumberValid('9434765919')).toBe(true);
    expect(nhsNumberValid('9434765918')).toBe(false);
    expect(nhsNumberValid('943476591')).toBe(false);
    expect(checkDigits.nhs('943476591')).toBe('9');
  });

  it('BSN: the elfproef', () => {
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('123456789')).toBe(false);
    expect(bsnValid('000000000')).toBe(false);
  });

  it('Belgian NISS: 97 minus modulo 97, with a 2 in front for births from 2000', () => {
    expect(nissValid('85073003328')).toBe(true);
    expect(nissValid('85073003329')).toBe(false);
    expect(nissValid('01010112301')).toBe(true);
    expect(checkDigits.niss('850730033', false)).toBe('28');
  });

  it('French NIR: key 97 minus modulo 97, Corsica 2A/2B as 19/18', () => {
    expect(nirValid('269054958815780')).toBe(true);
    expect(nirValid('269054958815781')).toBe(false);
    expect(nirValid('18505' + '2A' + '12345633')).toBe(true);
    expect(nirValid('12345')).toBe(false);
  });

  it('German KVNR: letter as two digits, weights 1-2, digit sums modulo 10', () => {
    expect(kvnrValid('A123456780')).toBe(true);
    expect(kvnrValid('A123456781')).toBe(false);
    expect(kvnrValid('1234567890')).toBe(false);
  });

  it('Spanish DNI and NIE: the number modulo 23 picks the letter', () => {
    expect(dniValid('12345678Z')).toBe(true);
    expect(dniValid('12345678A')).toBe(false);
    expect(dniValid('X1234567L')).toBe(true);
  });
});
