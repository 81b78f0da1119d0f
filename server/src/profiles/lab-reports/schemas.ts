/**
 * Seed 000's shapes as TypeBox schemas: the immediate answer, and the full record that
 * `GET /lab_reports/{id}` returns and the webhook carries.
 */
import { type Static, Type } from 'typebox';
import type { LabReport } from '../../analysers/lab-report/types.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Status = Type.Union([Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]);

const LabResultSchema = Type.Object({
  loinc_code: Nullable(Type.String()),
  loinc_common_name: Nullable(Type.String()),
  original_test_name: Type.String(),
  original_unit_name: Nullable(Type.String()),
  standard_unit_name: Nullable(Type.String({ description: 'UCUM' })),
  value: Type.Union([Type.Number(), Type.String()], {
    description: 'A number when one is printed, else the text',
  }),
  within_normal_range: Nullable(Type.Boolean()),
  reference_range: Nullable(Type.String()),
  flag: Nullable(Type.String()),
  standard_value: Nullable(Type.Number({ description: "The value in the LOINC term's standard unit" })),
  standard_value_unit: Nullable(Type.String({ description: 'The UCUM unit of standard_value' })),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
});

const LabSectionSchema = Type.Object({
  loinc_code: Nullable(Type.String({ description: 'Panel code, e.g. 58410-2 for a CBC' })),
  loinc_common_name: Nullable(Type.String()),
  original_section_name: Nullable(Type.String()),
  results: Type.Array(LabResultSchema),
});

export const LabReportAcceptedSchema = Type.Object({
  lab_report: Type.Object({ record_id: Type.String(), status: Status, uploaded_at: DateTime }),
});

const LabReportSchema = Type.Object({
  application_user_id: Nullable(Type.String()),
  record_id: Type.String(),
  status: Status,
  filename: Type.Optional(Type.String()),
  collection_date: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  result_date: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  sections: Type.Optional(Type.Array(LabSectionSchema)),
  parsing_error: Type.Optional(
    Type.String({ description: 'Why the analysis failed, when status is failed' }),
  ),
  uploaded_at: DateTime,
  modified_at: DateTime,
});
export type LabReportBody = Static<typeof LabReportSchema>;

export const LabReportEnvelopeSchema = Type.Object({ lab_report: LabReportSchema });

/** The analyser's result type and this schema must describe the same sections (checked by tsc). */
type SchemaSections = NonNullable<LabReportBody['sections']>;
export type SectionsAgree = LabReport['sections'] extends SchemaSections
  ? SchemaSections extends LabReport['sections']
    ? true
    : never
  : never;
const _sectionsAgree: SectionsAgree = true;
void _sectionsAgree;
