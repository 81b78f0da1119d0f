/** TypeBox schemas of the native API's responses: validation-free serialisation, OpenAPI and types. */
import { type Static, Type } from 'typebox';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const RecordErrorSchema = Type.Object({
  code: Type.String({ description: 'Stable machine code, e.g. pdf_encrypted' }),
  message: Type.String({ description: 'What went wrong and what to do about it' }),
});

export const RecordSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String(),
    status: Type.Union([
      Type.Literal('queued'),
      Type.Literal('processing'),
      Type.Literal('completed'),
      Type.Literal('failed'),
    ]),
    stage: Nullable(Type.String()),
    mime_type: Type.String(),
    filename: Nullable(Type.String()),
    size_bytes: Type.Integer(),
    application_user_id: Nullable(Type.String()),
    options: Type.Record(Type.String(), Type.Unknown()),
    parent_id: Nullable(Type.String()),
    pages: Nullable(Type.Integer()),
    result: Type.Unknown({ description: "The analyser's result once completed, else null" }),
    error: Nullable(RecordErrorSchema),
    file: Type.Object(
      {
        stored: Type.Boolean({ description: 'False once the uploaded file has been deleted' }),
        deleted_at: Nullable(DateTime),
        deleted_reason: Nullable(
          Type.String({
            description: '`retention` (its age), `delivered` (after delivery), or another reason',
          }),
        ),
      },
      { description: 'The uploaded file: still stored, or when and why it was deleted' },
    ),
    result_deleted_at: Nullable(
      Type.String({ format: 'date-time', description: 'When retention deleted the result, if it did' }),
    ),
    created_at: DateTime,
    updated_at: DateTime,
    completed_at: Nullable(DateTime),
  },
  { $id: 'Record' },
);
export type RecordBody = Static<typeof RecordSchema>;

export const RecordPageSchema = Type.Object({
  data: Type.Array(RecordSchema),
  next_cursor: Nullable(Type.String()),
});

const EventSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer({ description: 'Position in the log; pass it as `after` to continue' }),
  type: Type.String(),
  record_id: Nullable(Type.String()),
  created_at: DateTime,
  data: Type.Unknown({ description: 'The body webhooks carried for this event' }),
});
export type EventBody = Static<typeof EventSchema>;

export const EventPageSchema = Type.Object({ data: Type.Array(EventSchema), next_after: Type.Integer() });
