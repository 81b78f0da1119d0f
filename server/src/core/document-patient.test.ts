import { describe, expect, it } from 'vitest';
import { applyCorrections, patientUuid, proposalOf } from './document-patient.ts';

const analysis = {
  document_type: 'referral_letter',
  title: 'Referral',
  document_date: '2024-03-03',
  patient: {
    name: 'Jane DOE',
    given_name: 'Jane',
    family_name: 'DOE',
    date_of_birth: '1980-01-02',
    external_id: '943 476 5919',
    external_id_type: 'nhs_number',
    sex: 'female',
  },
};

describe('the proposal a professional validates', () => {
  it("reads the analyser's result, and falls back to other and nulls for anything missing or odd", () => {
    expect(proposalOf(analysis)).toMatchObject({
      type: 'referral_letter',
      documentDate: '2024-03-03',
      patient: { familyName: 'DOE', externalIdType: 'nhs_number', sex: 'female' },
    });
    expect(proposalOf({ document_type: 'horoscope', patient: { sex: 'x', name: '' } })).toEqual({
      type: 'other',
      title: null,
      documentDate: null,
      patient: {
        externalId: null,
        externalIdType: null,
        name: null,
        givenName: null,
        familyName: null,
        dateOfBirth: null,
        sex: null,
      },
    });
    expect(proposalOf(null).type).toBe('other');
  });

  it('applies corrections: new names rebuild the full name, a new id drops the old id type', () => {
    const validated = applyCorrections('app', 'doc', proposalOf(analysis), {
      type: 'lab_report',
      patient: { given_name: 'Janet', external_id: 'MRN-1' },
      document_date: null,
    });
    expect(validated.type).toBe('lab_report');
    expect(validated.documentDate).toBeNull();
    expect(validated.patient).toMatchObject({
      name: 'Janet DOE',
      givenName: 'Janet',
      externalId: 'MRN-1',
      externalIdType: null,
      dateOfBirth: '1980-01-02',
    });
    // No corrections: the proposal as it is.
    expect(applyCorrections('app', 'doc', proposalOf(analysis), {}).patient.name).toBe('Jane DOE');
  });
});

describe('patient uuids', () => {
  const patient = proposalOf(analysis).patient;
  it('are the same for the same person in one application, by id or else by name and birth date', () => {
    expect(patientUuid('app', 'doc-1', patient)).toBe(patientUuid('app', 'doc-2', patient));
    expect(patientUuid('app', 'doc-1', patient)).not.toBe(patientUuid('other-app', 'doc-1', patient));
    const noId = { ...patient, externalId: null };
    expect(patientUuid('app', 'a', noId)).toBe(patientUuid('app', 'b', { ...noId, familyName: 'Doe' }));
    expect(patientUuid('app', 'a', noId)).not.toBe(
      patientUuid('app', 'a', { ...noId, dateOfBirth: '1980-01-03' }),
    );
  });

  it('are one per document when nothing identifies the patient, and look like uuids', () => {
    const nobody = { ...patient, externalId: null, familyName: null, name: null };
    expect(patientUuid('app', 'a', nobody)).not.toBe(patientUuid('app', 'b', nobody));
    expect(patientUuid('app', 'a', patient)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
