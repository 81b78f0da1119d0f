/**
 * Patient identifiers printed next to a label: national numbers whose check digits are verified
 * (NHS number, BSN, Belgian NISS, French NIR, German KVNR, Spanish DNI/NIE) and local record
 * numbers (MRN, hospital number, n° de dossier, Patientennummer, NHC …), which have no checksum.
 */
import { bsnValid, dniValid, kvnrValid, nhsNumberValid, nirValid, nissValid } from './checksums.ts';
import type { Field } from './fields.ts';
import type { PatientIdentifier } from './schema.ts';

/** A found identifier with where it was read. */
export interface FoundIdentifier extends PatientIdentifier {
  source: string;
  /** 0..1 */
  confidence: number;
}

interface Format {
  /** The printed shape (separators allowed), anchored at the value's start. */
  shape: RegExp;
  valid: (compact: string) => boolean;
}

const FORMATS: Record<string, Format> = {
  nhs_number: { shape: /^\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/, valid: nhsNumberValid },
  bsn: { shape: /^\d{4}[\s.]?\d{2}[\s.]?\d{3}(?!\d)|^\d{9}(?!\d)/, valid: bsnValid },
  niss: { shape: /^\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}(?!\d)/, valid: nissValid },
  nir: {
    shape: /^[12378]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}(?!\d)/i,
    valid: nirValid,
  },
  kvnr: { shape: /^[A-Z]\s?\d{9}(?!\d)/i, valid: kvnrValid },
  dni: { shape: /^(?:[XYZ]-?\d{7}|\d{8})-?\s?[A-Z](?![A-Za-z])/i, valid: dniValid },
};

/** A local record number: one token of letters, digits and - / . with at least three digits. */
const LOCAL_ID = /^(?:[A-Z]{1,4}[\s-]?)?[A-Z0-9][A-Z0-9/.-]*/i;

function compact(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** Identifiers from labelled fields, each once, in reading order. */
export function findIdentifiers(fields: readonly Field[]): FoundIdentifier[] {
  const found: FoundIdentifier[] = [];
  for (const field of fields) {
    if (field.kind !== 'identifier' || !field.idType) continue;
    const value = field.value.replace(/^(?:no|nr|n[°º]|number|nummer|numero)\.?\s*:?\s*/i, '');
    const format = FORMATS[field.idType];
    let id: FoundIdentifier | null = null;
    if (format) {
      const m = format.shape.exec(value);
      if (m) {
        const valid = format.valid(compact(m[0]));
        id = {
          type: field.idType,
          value: m[0].trim(),
          checksum_valid: valid,
          label: field.label,
          source: field.line.text.trim(),
          confidence: valid ? 0.97 : 0.3,
        };
      }
    } else {
      const m = LOCAL_ID.exec(value);
      if (m && (m[0].match(/\d/g)?.length ?? 0) >= 3) {
        id = {
          type: field.idType,
          value: m[0].replace(/[./-]+$/, ''),
          checksum_valid: null,
          label: field.label,
          source: field.line.text.trim(),
          confidence: 0.85,
        };
      }
    }
    if (id && !found.some((f) => f.type === id.type && compact(f.value) === compact(id.value)))
      found.push(id);
  }
  return found;
}

/**
 * The identifier to match the patient on: a national number whose checksum holds (unique across
 * systems), else the first local record number; a national number failing its checksum (often an
 * OCR misread) is listed but never chosen.
 */
export function chooseExternalId(ids: readonly FoundIdentifier[]): FoundIdentifier | null {
  return ids.find((id) => id.checksum_valid === true) ?? ids.find((id) => id.checksum_valid === null) ?? null;
}
