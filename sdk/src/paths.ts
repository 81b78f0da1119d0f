/**
 * Every route the client calls, typed from the generated OpenAPI types, with helpers that read
 * an operation's query, JSON body and success answer out of them.
 */
import type { paths as GeneratedPaths } from './generated/openapi.ts';
/** The routes of Docket's OpenAPI document (`npm run generate -w sdk` regenerates them). */
export type Paths = GeneratedPaths;

export type Path = keyof Paths;
export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** The operation at a route and method. */
export type Operation<P extends Path, M extends Method> = M extends keyof Paths[P]
  ? NonNullable<Paths[P][M]>
  : never;

type SuccessStatus = 200 | 201 | 202 | 204;

type BodyOf<R, Type extends string> = R extends { content: { [K in Type]: infer B } } ? B : never;

/** The JSON an operation answers with on success (a union when it has several success statuses). */
export type Ok<P extends Path, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? BodyOf<R[Extract<keyof R, SuccessStatus>], 'application/json'>
    : never;

/** The JSON body an operation takes. */
export type Body<P extends Path, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? BodyOf<NonNullable<B>, 'application/json'> : never;

/** The query parameters an operation takes. */
export type Query<P extends Path, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
