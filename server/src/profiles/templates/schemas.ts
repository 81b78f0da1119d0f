/**
 * Seed 002's shapes as TypeBox schemas (validation, serialisation, OpenAPI). A template is the
 * engine's TemplateDefinition (analysers/template/definition.ts, the one schema of the format)
 * plus its id, its webhook and its times.
 */
import { type Static, Type } from 'typebox';
import { TemplateDefinition } from '../../analysers/template/definition.ts';
import { JOB_STATUSES } from './status.ts';

const DateTime = Type.String({ format: 'date-time' });
// Null first: the validator coerces types, and would otherwise read a null as "" or 0.
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([Type.Null(), schema]);
const Values = Type.Record(Type.String(), Type.Unknown());

export const TAGS = ['templates (seed 002)'];

const webhookUrl = Type.String({
  description:
    "Where this template's job results are POSTed; refused when it resolves to a non-public address",
});
const webhookHeaders = Type.Record(Type.String(), Type.String(), {
  description:
    'Custom headers sent with every webhook request (e.g. your own auth); read back masked, and a value sent back as shown keeps the stored one',
});

export const CreateTemplateBody = Type.Object(
  {
    ...TemplateDefinition.properties,
    webhook_url: Type.Optional(webhookUrl),
    webhook_headers: Type.Optional(webhookHeaders),
  },
  { additionalProperties: false },
);
export type CreateTemplateBody = Static<typeof CreateTemplateBody>;

export const UpdateTemplateBody = Type.Partial(
  Type.Object(
    {
      ...TemplateDefinition.properties,
      webhook_url: Nullable(webhookUrl),
      webhook_headers: webhookHeaders,
    },
    { additionalProperties: false },
  ),
);
export type UpdateTemplateBody = Static<typeof UpdateTemplateBody>;

export const ImportTemplateBody = Type.Object(
  {
    source: Type.Union([Type.String(), Values], {
      description: 'An invoice2data template: its YAML or JSON text, or the JSON object itself',
    }),
    webhook_url: Type.Optional(webhookUrl),
    webhook_headers: Type.Optional(webhookHeaders),
  },
  { additionalProperties: false },
);

export const TemplateSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    ...TemplateDefinition.properties,
    webhook_url: Nullable(Type.String()),
    webhook_headers: Type.Record(Type.String(), Type.String()),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { $id: 'Template' },
);
export type TemplateBody = Static<typeof TemplateSchema>;

export const TemplatePageSchema = Type.Object({
  data: Type.Array(TemplateSchema),
  next_cursor: Nullable(Type.String()),
});

export const ProcessJobBody = Type.Object({
  template_id: Type.Optional(
    Type.String({
      description:
        'UUID of the template to read the file with; leave it out to pick your template whose keywords the document matches',
    }),
  ),
  actual_image: Type.String({
    description: 'The image, PDF or ZIP, base64-encoded (multipart: a file part of this name)',
  }),
  static_values: Type.Optional(Values),
  filename: Type.Optional(Type.String({ description: "The file's name, returned with its result" })),
});

export const JobAcceptedSchema = Type.Object({
  job_id: Type.String({ format: 'uuid' }),
  template_id: Nullable(Type.String()),
  static_values: Values,
});
export type JobAcceptedBody = Static<typeof JobAcceptedSchema>;

const [NEW, UNZIPPING, UNZIPPED, UNZIP_FAILED, PROCESSING, PROCESSED, PROCESS_FAILED, SUCCESS, FAILED] =
  JOB_STATUSES;
const Status = Type.Union(
  [
    Type.Literal(NEW),
    Type.Literal(UNZIPPING),
    Type.Literal(UNZIPPED),
    Type.Literal(UNZIP_FAILED),
    Type.Literal(PROCESSING),
    Type.Literal(PROCESSED),
    Type.Literal(PROCESS_FAILED),
    Type.Literal(SUCCESS),
    Type.Literal(FAILED),
  ],
  { description: "Seed 002's status strings" },
);
const JobError = Type.Object({ code: Type.String(), message: Type.String() });
const Origin = {
  file_name: Type.Optional(Type.String()),
  batch_job_id: Type.Optional(Type.String({ description: 'The ZIP batch this file came from' })),
};

export const JobWebhookSchema = Type.Object({
  job_id: Type.String(),
  template_id: Nullable(Type.String()),
  static_values: Values,
  ...Origin,
  result: Nullable(Values),
  error: Type.Optional(JobError),
});
export type JobWebhookBody = Static<typeof JobWebhookSchema>;

const BatchFile = Type.Object({ file_name: Type.String(), job_id: Type.String() });
const RefusedFile = Type.Object({ file_name: Type.String(), reason: Type.String() });

export const JobStatusQuery = Type.Object({
  job_id: Type.String({ description: 'The job_id POST /process-job answered' }),
});

export const JobStatusSchema = Type.Object({
  job_id: Type.String(),
  template_id: Nullable(Type.String()),
  status: Status,
  ...Origin,
  files: Type.Optional(Type.Array(BatchFile, { description: "A ZIP's root files, each its own job" })),
  refused: Type.Optional(Type.Array(RefusedFile, { description: "A ZIP's entries that were not processed" })),
  error: Type.Optional(JobError),
  created_at: DateTime,
  completed_at: Nullable(DateTime),
});
export type JobStatusBody = Static<typeof JobStatusSchema>;

export const JobResultsBody = Type.Object({
  job_id: Type.String(),
  result_format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});

const JobResult = {
  job_id: Type.String(),
  template_id: Nullable(Type.String()),
  status: Status,
  static_values: Values,
  ...Origin,
  result: Nullable(Values),
  error: Type.Optional(JobError),
  pages: Nullable(Type.Integer({ description: 'Pages read, i.e. credits charged' })),
  completed_at: Nullable(DateTime),
};

export const JobResultsSchema = Type.Object({
  ...JobResult,
  expires_at: Nullable(DateTime),
  files: Type.Optional(Type.Array(Type.Object(JobResult), { description: "A ZIP batch's jobs" })),
  refused: Type.Optional(Type.Array(RefusedFile)),
});
export type JobResultsJson = Static<typeof JobResultsSchema>;

export const UsageQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'First UTC day (default: 30 days ago)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last UTC day (default: today)' })),
});

export const UsageSchema = Type.Object({
  credits_used: Type.Integer({ description: 'Every credit spent (1 per page read)' }),
  credit_limit: Nullable(Type.Integer()),
  credits_remaining: Nullable(Type.Integer()),
  days: Type.Array(
    Type.Object({ date: Type.String({ format: 'date' }), credits: Type.Integer(), jobs: Type.Integer() }),
  ),
});

export const CreditLimitBody = Type.Object({
  credit_limit: Nullable(
    Type.Integer({ minimum: 0, description: 'Most credits jobs may use; null for no limit' }),
  ),
});

export const TemplatePreviewBody = Type.Object(
  {
    definition: TemplateDefinition,
    sample_record_id: Type.String({
      minLength: 1,
      description:
        'A record of this application whose file is still stored (e.g. uploaded with POST /v1/records)',
    }),
  },
  { additionalProperties: false },
);
export type TemplatePreviewBody = Static<typeof TemplatePreviewBody>;

const NormalisedBox = Type.Object(
  { x0: Type.Number(), y0: Type.Number(), x1: Type.Number(), y1: Type.Number() },
  { description: 'Normalised page coordinates (0..1, origin top-left)' },
);

export const TemplatePreviewSchema = Type.Object({
  sample_record_id: Type.String(),
  pages: Type.Integer({ description: "The sample's pages" }),
  source: Type.Union([Type.Literal('text'), Type.Literal('ocr'), Type.Literal('mixed')], {
    description: 'How the sample was read: its text layer, OCR, or both',
  }),
  keywords_match: Type.Boolean({
    description: 'Whether a job naming no template would choose this one for the sample (all keywords occur)',
  }),
  fields: Values,
  line_items: Type.Record(Type.String(), Type.Array(Values), { description: 'Every line-item list by name' }),
  matches: Type.Array(
    Type.Object({
      field: Type.String(),
      page: Type.Integer({ description: 'Zero-based page' }),
      box: NormalisedBox,
    }),
    { description: 'Where each field found was printed' },
  ),
  missing_required: Type.Array(Type.String(), {
    description: 'Required fields and lists that came out empty',
  }),
  warnings: Type.Array(Type.String()),
});
