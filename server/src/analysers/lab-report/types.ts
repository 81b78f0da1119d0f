import type { ResultValue } from './values.ts';

/** One result, in seed 000's webhook shape plus `reference_range`, `flag`, `standard_value`, `confidence`. */
export interface LabResult {
  loinc_code: string | null;
  loinc_common_name: string | null;
  original_test_name: string;
  original_unit_name: string | null;
  standard_unit_name: string | null;
  value: ResultValue;
  within_normal_range: boolean | null;
  /** The interval as printed (brackets and labels removed), or null. */
  reference_range: string | null;
  /** Normalised abnormal flag (`H`, `L`, `HH`, `LL`, `A`, `AA`) when one is printed, else null. */
  flag: string | null;
  /** The value converted to the LOINC term's standard unit, when numeric and convertible. */
  standard_value: number | null;
  /** The UCUM unit of `standard_value`: the LOINC term's standard unit, or the printed unit when there is none to convert to. */
  standard_value_unit: string | null;
  /** 0..1: how sure the reader is of this row (OCR quality, name mapping, unit recognition). */
  confidence: number;
}

/** A section of the report: a printed heading and its results. */
export interface LabSection {
  loinc_code: string | null;
  loinc_common_name: string | null;
  original_section_name: string | null;
  results: LabResult[];
}

/** The analyser's result: seed 000's webhook body without the record fields. */
export interface LabReport {
  collection_date: string | null;
  result_date: string | null;
  sections: LabSection[];
}
