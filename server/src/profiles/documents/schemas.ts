/** TypeBox schemas of seed 003's shapes and the native document routes: validation, serialisation, OpenAPI. */
import { type Static, Type } from 'typebox';
import { MEDICAL_DOCUMENT_TYPES } from '../../core/document-types.ts';

/** The OpenAPI tag of the document routes. */
export const DOCUMENT_TAGS = ['documents'];

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const DocumentTypeSchema = Type.Enum(MEDICAL_DOCUMENT_TYPES);

export const UuidParams = Type.Object({ uuid: Type.String() });
export const IdParams = Type.Object({ id: Type.String() });

export const PatientSchema = Type.Object({
  uuid: Type.String({ description: 'The same for every document of the same person in this application' }),
  externalId: Nullable(
    Type.String({ description: 'The identifier printed on the document (national number first)' }),
  ),
  externalIdType: Nullable(Type.String({ description: 'nhs_number, bsn, niss, nir, kvnr, dni, mrn, …' })),
  name: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  birthDate: Nullable(IsoDate),
  sex: Nullable(Type.Union([Type.Literal('female'), Type.Literal('male')])),
});

export const PdfSchema = Type.Object({
  url: Type.String({ description: 'Pre-signed: downloads the file without other credentials for 1 hour' }),
  fileName: Type.String(),
});

export const IntegrationStatusSchema = Type.Object({
  success: Type.Boolean(),
  error: Nullable(Type.String()),
  directory: Nullable(Type.String()),
  path: Nullable(Type.String()),
  reportedAt: DateTime,
});

export const DocumentSchema = Type.Object({
  uuid: Type.String(),
  type: DocumentTypeSchema,
  state: Type.Literal('verified'),
  title: Nullable(Type.String()),
  documentDate: Nullable(IsoDate),
  synchronized: Type.Boolean({ description: 'The integration confirmed importing it (success: true)' }),
  synchronizedAt: Nullable(DateTime),
  patient: PatientSchema,
  pdf: Nullable(PdfSchema),
  integration: Nullable(IntegrationStatusSchema),
  mimeType: Type.String(),
  createdAt: DateTime,
  validatedAt: DateTime,
  validatedBy: Nullable(Type.String()),
});
export type DocumentBody = Static<typeof DocumentSchema>;

export const DocumentDetailSchema = Type.Object({
  ...DocumentSchema.properties,
  integrationHistory: Type.Array(IntegrationStatusSchema, {
    description: 'Every status report, oldest first (failures with their error)',
  }),
});

export const DocumentListSchema = Type.Object({
  data: Type.Array(DocumentSchema),
  next_cursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last' })),
});

export const DocumentListQuery = Type.Object({
  synchronized: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const StatusReportBody = Type.Object(
  {
    success: Type.Boolean(),
    directory: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    path: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    error: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const ValidateBody = Type.Object(
  {
    type: Type.Optional(DocumentTypeSchema),
    patient: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Nullable(Type.String())),
          given_name: Type.Optional(Nullable(Type.String())),
          family_name: Type.Optional(Nullable(Type.String())),
          date_of_birth: Type.Optional(Nullable(IsoDate)),
          external_id: Type.Optional(Nullable(Type.String())),
          external_id_type: Type.Optional(Nullable(Type.String())),
          sex: Type.Optional(Nullable(Type.Union([Type.Literal('female'), Type.Literal('male')]))),
        },
        { additionalProperties: false },
      ),
    ),
    document_date: Type.Optional(Nullable(IsoDate)),
    validated_by: Type.Optional(Nullable(Type.String({ description: "The professional's user id" }))),
  },
  { additionalProperties: false },
);

export const NativeDocumentSchema = Type.Object({
  id: Type.String(),
  state: Type.Union(
    [
      Type.Literal('processing'),
      Type.Literal('to_validate'),
      Type.Literal('verified'),
      Type.Literal('failed'),
    ],
    { description: 'to_validate: analysed, waiting for a professional; verified: validated and announced' },
  ),
  analysis: Type.Unknown({ description: "The document analyser's result (null until analysed)" }),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  document: Nullable(DocumentSchema),
});

/** Nothing to send: `{}` or no body at all. */
export const SynchronizeBody = Type.Object({}, { additionalProperties: false });

export const SynchronizeAnswer = Type.Object({
  uuid: Type.String(),
  action: Type.Literal('document_synchronize'),
  event_id: Type.String(),
});

export const WEBHOOK_EVENTS = ['new_document', 'document_synchronize'] as const;

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  created_at: DateTime,
  updated_at: DateTime,
});

export const WebhookCreate = Type.Object({
  url: Type.String(),
  events: Type.Array(Type.String(), { description: 'new_document and/or document_synchronize' }),
  active: Type.Optional(Type.Boolean()),
});
export const WebhookUpdate = Type.Partial(WebhookCreate);
