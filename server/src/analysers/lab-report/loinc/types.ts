import type { UnitClass } from '../units/ucum.ts';

/** Where a test is measured; used with the section and printed name to tell apart same-named tests. */
export type Specimen = 'blood' | 'serum' | 'urine' | 'plasma';

/** One curated LOINC term. */
export interface LoincTest {
  /** LOINC code, e.g. `2345-7`. */
  code: string;
  /** LOINC long common name, exactly as published. */
  name: string;
  /** Unit classes of the quantity (`none` when the result is printed without a unit). */
  units: readonly (UnitClass | 'none')[];
  specimen: Specimen;
  /** The UCUM unit results are converted to for `standard_value`, or null. */
  standardUnit: string | null;
  /** Molecular weight (g/mol) for mass <-> substance conversions. */
  mw?: number;
  /** Printed names and abbreviations, already normalised by `normaliseTestName`. */
  names: readonly string[];
}

/** A panel (section) term, chosen from the section name and the results it holds. */
export interface LoincPanel {
  code: string;
  name: string;
}
