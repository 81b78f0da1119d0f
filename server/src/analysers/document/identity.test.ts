import { describe, expect, it } from 'vitest';
import { analyseText } from './analyse.ts';
import { plainDocumentText } from './text.ts';

const read = (text: string) => analyseText(plainDocumentText(text), 1, 'text');

describe('patient identity', () => {
  it('takes the patient from a Re: line, not the doctor it is addressed to or signed by', () => {
    const r = read(
      `Dr Helen Carter\nDepartment of Neurology\n14 May 2024\nDear Dr Carter,\nRe: Mrs Ruth ABBOTT, DOB 02/09/1950, NHS No 943 476 5919\nI would be grateful if you could see her.\nYours sincerely,\nDr Simon Price`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Ruth',
      family_name: 'ABBOTT',
      date_of_birth: '1950-09-02',
      external_id: '943 476 5919',
      external_id_type: 'nhs_number',
      sex: 'female',
    });
    expect(r.document_date).toBe('2024-05-14');
  });

  it('keeps the date of birth and the letter date apart, whichever comes first', () => {
    const r = read(`Patient: John Miller\nDate of birth: 14/05/2024\nLondon, 3 June 2024\nClinic letter`);
    expect(r.patient.date_of_birth).toBe('2024-05-14');
    expect(r.document_date).toBe('2024-06-03');
  });

  it('reads day-first numeric dates by default and month-first on an American document', () => {
    expect(read(`Patient: Ann Lee\nDOB: 03/04/1985\nDate: 05/06/2024`).patient.date_of_birth).toBe(
      '1985-04-03',
    );
    const us = read(
      `Springfield, IL 62704  (555) 123-4567\nPatient: Ann Lee\nDOB: 03/04/1985\nDate: 05/06/2024`,
    );
    expect(us.patient.date_of_birth).toBe('1985-03-04');
    expect(us.document_date).toBe('2024-05-06');
  });

  it('a day above 12 settles the order for the whole document', () => {
    const r = read(`Springfield, IL 62704\nPatient: Ann Lee\nDOB: 03/04/1985\nDate: 25/06/2024`);
    expect(r.patient.date_of_birth).toBe('1985-04-03');
  });

  it('reads French labels, month names and separate surname / first-name fields', () => {
    const r = read(
      `Paris, le 3 mars 2024\nNom : LE GALL   Prénom : Jean-Pierre   Né le : 1er avril 1948\nN° de dossier : 2024-00123\nDr Claire Morel`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Jean-Pierre',
      family_name: 'LE GALL',
      date_of_birth: '1948-04-01',
      external_id: '2024-00123',
    });
    expect(r.document_date).toBe('2024-03-03');
    expect(r.language).toBe('fr');
  });

  it('reads German forms with geb. and a KVNR, and the sex from the printed field', () => {
    const r = read(
      `Berlin, den 3. März 2024\nPatientin: Frau Anna Müller, geb. 03.04.1985\nVersichertennummer: A123456780  Geschlecht: weiblich\nSehr geehrte Frau Kollegin,\nwir berichten über die o.g. Patientin.`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Anna',
      family_name: 'Müller',
      date_of_birth: '1985-04-03',
      external_id: 'A123456780',
      sex: 'female',
    });
    expect(r.patient.identifiers[0]).toMatchObject({ type: 'kvnr', checksum_valid: true });
    expect(r.document_date).toBe('2024-03-03');
  });

  it('keeps Dutch particles with the surname and reads a BSN', () => {
    const r = read(
      `Datum: 12-03-2024\nPatiënt: mevr. Anouk van den Berg\nGeboortedatum: 3 maart 1979\nBSN: 111222333`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Anouk',
      family_name: 'van den Berg',
      date_of_birth: '1979-03-03',
      external_id: '111222333',
      sex: 'female',
    });
  });

  it('gives Spanish patients two surnames', () => {
    const r = read(
      `Madrid, 3 de marzo de 2024\nPaciente: María García López\nFecha de nacimiento: 5 de mayo de 1962\nDNI: 12345678Z\nEstimado colega:`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'María',
      family_name: 'García López',
      date_of_birth: '1962-05-05',
      external_id: '12345678Z',
    });
    expect(r.document_date).toBe('2024-03-03');
  });

  it('reads SURNAME, Given and a label/value grid', () => {
    const r = read(
      `Name            Date of birth     Hospital No\nWHITFIELD, Tom  12.05.1970        K123456\nReport date: 01/02/2024`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Tom',
      family_name: 'WHITFIELD',
      date_of_birth: '1970-05-12',
      external_id: 'K123456',
    });
    expect(r.document_date).toBe('2024-02-01');
  });

  it('finds the patient in the text when nothing is labelled', () => {
    const r = read(
      `Dear Dr Shah,\nI would be grateful if you could see Mr Peter Quinn (born 4 July 1972) with chest pain.\nYours sincerely,\nDr Emma Stone\n9 January 2024`,
    );
    expect(r.patient).toMatchObject({
      given_name: 'Peter',
      family_name: 'Quinn',
      date_of_birth: '1972-07-04',
      sex: 'male',
    });
    expect(r.patient.external_id).toBeNull();
  });

  it('lists an NHS number that fails its checksum but does not match on it', () => {
    const r = read(`Patient: Ann Lee\nNHS Number: 943 476 5918\nMRN: 00123456`);
    expect(r.patient.identifiers).toContainEqual(
      expect.objectContaining({ type: 'nhs_number', checksum_valid: false }),
    );
    expect(r.patient).toMatchObject({ external_id: '00123456', external_id_type: 'mrn' });
  });

  it('prefers a valid national number over a local record number', () => {
    const r = read(`Patient: Ann Lee\nMRN: 00123456\nNHS No: 9434765919`);
    expect(r.patient).toMatchObject({ external_id: '9434765919', external_id_type: 'nhs_number' });
  });

  it('never takes a referring doctor for the patient', () => {
    const r = read(`Referring physician: Dr Mark Allen\nRequested by: Mr Mark Allen\nPatient: Sue Baker`);
    expect(r.patient.family_name).toBe('Baker');
  });

  it('leaves everything null when there is no patient', () => {
    const r = read(`Minutes of the residents association meeting\nThe garden party is on Saturday.`);
    expect(r.patient).toMatchObject({
      name: null,
      date_of_birth: null,
      external_id: null,
      sex: null,
      confidence: 0,
    });
  });
});
