/** A typed call of one route: the path, query, body and answer types all come from {@link Paths}. */
import type { Body, Method, Ok, Path, Query } from './paths.ts';
import type { Answer, QueryValue, RequestSpec, Transport } from './transport.ts';

export interface CallOptions<P extends Path, M extends Method> {
  /** Values for the `{name}` parts of the path. */
  params?: Record<string, string>;
  query?: Query<P, M>;
  body?: Body<P, M>;
  signal?: AbortSignal;
  /** See {@link RequestSpec.creates}. */
  creates?: boolean;
  idempotencyKey?: string;
  safe?: boolean;
  expect?: RequestSpec['expect'];
  headers?: Record<string, string>;
}

/** Fills `{name}` placeholders, encoding each value. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '')
      throw new TypeError(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

export async function callWithAnswer<P extends Path, M extends Method>(
  transport: Transport,
  method: M,
  path: P,
  options: CallOptions<P, M> = {},
): Promise<Answer<Ok<P, M>>> {
  return transport.request<Ok<P, M>>({
    method: method.toUpperCase() as RequestSpec['method'],
    path: fillPath(path, options.params),
    ...(options.query ? { query: options.query as Record<string, QueryValue> } : {}),
    ...(options.body !== undefined ? { json: options.body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.creates ? { creates: true } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.safe ? { safe: true } : {}),
    ...(options.expect ? { expect: options.expect } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/** Calls a route and returns its JSON answer. */
export async function call<P extends Path, M extends Method>(
  transport: Transport,
  method: M,
  path: P,
  options: CallOptions<P, M> = {},
): Promise<Ok<P, M>> {
  return (await callWithAnswer(transport, method, path, options)).data;
}
