/**
 * The shapes the console reads, from the SDK's types (generated from the OpenAPI document), plus
 * the console-only routes the SDK was not regenerated for yet.
 */
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
export interface DeliveryUsage {
  since: string;
  deliveries: {
    pending: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    success_rate: number | null;
  };
  attempts: {
    count: number;
    succeeded: number;
    sampled: boolean;
    p50: number | null;
    p90: number | null;
    p99: number | null;
  };
  days: Array<{
    date: string;
    attempts: number;
    succeeded: number;
    failed: number;
    p50: number | null;
    p90: number | null;
    p99: number | null;
  }>;
}

/** A page of a cursor-paginated list. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** What the server's error bodies look like. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
