/** Names for the API's shapes, all derived from the generated OpenAPI types. */
import type { Body, Ok, Query } from './paths.ts';

/** A record: one uploaded file, its state, and once finished its result or error. */
export type DocketRecord = Ok<'/v1/records/{id}', 'get'>;
export type RecordStatus = DocketRecord['status'];
/** A page of `GET /v1/records`. */
export type RecordPage = Ok<'/v1/records', 'get'>;
export type RecordListQuery = Omit<Query<'/v1/records', 'get'>, 'cursor'>;

/** A webhook endpoint. */
export type Endpoint = Ok<'/v1/endpoints/{id}', 'get'>;
export type EndpointCreate = Body<'/v1/endpoints', 'post'>;
export type EndpointUpdate = Body<'/v1/endpoints/{id}', 'patch'>;

/** A delivery: one event on its way to one endpoint. */
export type Delivery = Ok<'/v1/deliveries/{id}', 'get'>;
export type DeliveryPage = Ok<'/v1/deliveries', 'get'>;
export type DeliveryListQuery = Omit<Query<'/v1/deliveries', 'get'>, 'cursor'>;
/** One attempt of a delivery, as logged. */
export type DeliveryAttempt = Ok<'/v1/deliveries/{id}/attempts', 'get'>['data'][number];

/** An event of the event log (also what the event stream sends). */
export type DocketEvent = Ok<'/v1/events', 'get'>['data'][number];
export type EventPage = Ok<'/v1/events', 'get'>;

/** Seed 002's template platform. */
export type Template = Ok<'/v1/templates/{id}', 'get'>;
export type TemplateCreate = Body<'/v1/templates', 'post'>;
export type TemplateUpdate = Body<'/v1/templates/{id}', 'patch'>;
export type JobAccepted = Ok<'/process-job', 'post'>;
export type JobStatus = Ok<'/job-status', 'get'>;

/** Seed 003's document synchronisation. */
export type DocumentList = Ok<'/documents', 'get'>;
export type MedicalDocument = Ok<'/documents/{uuid}', 'get'>;
export type DocumentStatusReport = Body<'/documents/{uuid}/status', 'post'>;
export type OAuthClient = Ok<'/v1/oauth-clients', 'post'>;
export type OAuthClientCreate = Body<'/v1/oauth-clients', 'post'>;
