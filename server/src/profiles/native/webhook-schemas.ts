/** TypeBox schemas of the webhook API's responses. */
import { type Static, Type } from 'typebox';
import { RetryPolicySchema } from '../../webhooks/retry-policy.ts';

/** The OpenAPI tag of the webhook routes. */
export const WEBHOOK_TAGS = ['webhooks'];

export const IdParams = Type.Object({ id: Type.String() });

const DateTime = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const EndpointSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String(), {
    description: 'Event types delivered here; empty for every event (of its product, when bound to one)',
  }),
  product: Type.Union([Type.String(), Type.Null()], {
    description: 'The product it is bound to (lab_reports, nutrition, templates, …); null for every product',
  }),
  resource_id: Type.Union([Type.String(), Type.Null()], {
    description: "The product's resource it belongs to (a template's id), if any",
  }),
  active: Type.Boolean(),
  headers: Type.Record(Type.String(), Type.String(), {
    description:
      'Custom headers, values masked: "…" and the last 4 characters of values of 12 or more. ' +
      'Sending a value back as shown keeps the stored one.',
  }),
  retry_policy: Type.Union([RetryPolicySchema, Type.Null()], {
    description: "null: the preset of each event's product (lab_reports, nutrition, documents, standard)",
  }),
  timeout_ms: Type.Integer(),
  has_secret: Type.Boolean({ description: 'Whether the endpoint signs with its own key' }),
  disabled_reason: NullableString,
  failing_since: NullableDateTime,
  created_at: DateTime,
  updated_at: DateTime,
});
export type EndpointBody = Static<typeof EndpointSchema>;

export const DeliverySchema = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  event_id: Type.String({ description: 'Sent as webhook-id; the same on every attempt' }),
  event_type: Type.String(),
  status: Type.Union(
    [Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')],
    {
      description: 'failed: in the failure queue; cancelled: stopped because the customer already had it',
    },
  ),
  attempts: Type.Integer(),
  next_attempt_at: NullableDateTime,
  last_status_code: NullableInteger,
  last_error: NullableString,
  created_at: DateTime,
  updated_at: DateTime,
});
export type DeliveryBody = Static<typeof DeliverySchema>;

export const AttemptSchema = Type.Object({
  number: Type.Integer(),
  started_at: DateTime,
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  status_code: NullableInteger,
  latency_ms: Type.Integer(),
  error: NullableString,
  response_excerpt: Type.Union([
    Type.String({ description: 'First 4 KB of the response body' }),
    Type.Null(),
  ]),
});
export type AttemptBody = Static<typeof AttemptSchema>;
