/** The TypeBox schema of `GET /v1/usage/deliveries`. */
import { Type } from 'typebox';

const Millis = Type.Union([Type.Integer(), Type.Null()], {
  description: 'Milliseconds; null with no attempts',
});
const Percentiles = { p50: Millis, p90: Millis, p99: Millis };

export const DeliveryUsageSchema = Type.Object({
  since: Type.String({ format: 'date-time', description: 'Start of the first UTC day counted' }),
  deliveries: Type.Object({
    pending: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    cancelled: Type.Integer(),
    success_rate: Type.Union([Type.Number(), Type.Null()], {
      description:
        'succeeded / (succeeded + failed) of deliveries created since then; null when none finished',
    }),
  }),
  attempts: Type.Object({
    count: Type.Integer(),
    succeeded: Type.Integer(),
    sampled: Type.Boolean({ description: 'True when only the newest 50,000 attempts were counted' }),
    ...Percentiles,
  }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: 'YYYY-MM-DD (UTC)' }),
      attempts: Type.Integer(),
      succeeded: Type.Integer(),
      failed: Type.Integer(),
      ...Percentiles,
    }),
  ),
});
