/**
 * Check digits of the national patient and person numbers the analyser recognises. Each takes the
 * number with separators already removed and says whether its check digits agree.
 */

const digitsOnly = (value: string) => /^\d+$/.test(value);

/** NHS number (England, Wales, Isle of Man): 10 digits, modulus 11 with weights 10..2. */
export function nhsNumberValid(value: string): boolean {
  if (value.length !== 10 || !digitsOnly(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** Dutch BSN (burgerservicenummer): 9 digits, the "elfproef" with weights 9..2 and -1. */
export function bsnValid(value: string): boolean {
  if (value.length !== 9 || !digitsOnly(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}

/**
 * Belgian national number (INSZ / NISS / rijksregisternummer): 11 digits YYMMDD SSS CC, where CC is
 * 97 minus the first nine digits modulo 97; for people born from 2000 a 2 is put in front first.
 */
export function nissValid(value: string): boolean {
  if (value.length !== 11 || !digitsOnly(value)) return false;
  const body = value.slice(0, 9);
  const check = Number(value.slice(9));
  return 97 - (Number(body) % 97) === check || 97 - (Number(`2${body}`) % 97) === check;
}

/**
 * French NIR (numéro de sécurité sociale): 13 characters and a 2-digit key, 97 minus the number
 * modulo 97; Corsican departments 2A and 2B count as 19 and 18.
 */
export function nirValid(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[12378]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(upper)) return false;
  const body = upper.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(upper.slice(13));
  return 97 - Number(BigInt(body) % 97n) === key;
}

/**
 * German Krankenversichertennummer (KVNR, eGK): a letter and 9 digits. The letter becomes its
 * two-digit position in the alphabet, then with the first eight digits the ten digits are weighted
 * 1, 2, 1, 2, …, products above 9 summed digit by digit, and the total modulo 10 is the last digit.
 */
export function kvnrValid(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[A-Z]\d{9}$/.test(upper)) return false;
  const letter = String(upper.charCodeAt(0) - 64).padStart(2, '0');
  const digits = `${letter}${upper.slice(1, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === Number(upper[9]);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits and a letter) or NIE (X/Y/Z, 7 digits, letter): number modulo 23. */
export function dniValid(value: string): boolean {
  const upper = value.toUpperCase();
  const m = /^([XYZ]\d{7}|\d{8})([A-Z])$/.exec(upper);
  if (!m) return false;
  const number = Number(m[1]!.replace(/^X/, '0').replace(/^Y/, '1').replace(/^Z/, '2'));
  return DNI_LETTERS[number % 23] === m[2];
}

/** The check letter or digits a generator needs to print a valid number (tests and fixtures). */
export const checkDigits = {
  nhs(first9: string): string | null {
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
    const check = 11 - (sum % 11);
    return check === 10 ? null : String(check === 11 ? 0 : check);
  },
  bsn(first8: string): string | null {
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (9 - i);
    const check = sum % 11;
    return check === 10 ? null : String(check);
  },
  niss(first9: string, bornFrom2000: boolean): string {
    const base = Number(bornFrom2000 ? `2${first9}` : first9);
    return String(97 - (base % 97)).padStart(2, '0');
  },
  nir(first13: string): string {
    const body = first13.toUpperCase().replace('2A', '19').replace('2B', '18');
    return String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
  },
  kvnr(letterAnd8: string): string {
    const upper = letterAnd8.toUpperCase();
    const digits = `${String(upper.charCodeAt(0) - 64).padStart(2, '0')}${upper.slice(1, 9)}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      const product = Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
      sum += product > 9 ? product - 9 : product;
    }
    return String(sum % 10);
  },
  dni(number: string): string {
    const n = Number(number.replace(/^X/, '0').replace(/^Y/, '1').replace(/^Z/, '2'));
    return DNI_LETTERS[n % 23]!;
  },
};
