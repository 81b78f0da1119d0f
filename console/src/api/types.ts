/** The shapes the console reads: the SDK's types, generated from the server's OpenAPI document. */
import type { Ok } from '@docket/sdk';

export type {
  Delivery,
  DeliveryAttempt,
  DocketEvent,
  DocketRecord,
  Endpoint,
  EndpointCreate,
  EndpointUpdate,
  RecordStatus,
} from '@docket/sdk';

/** `GET /v1/usage/deliveries`. */
export type DeliveryUsage = Ok<'/v1/usage/deliveries', 'get'>;

/** A page of a cursor-paginated list. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** What the server's error bodies look like. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
