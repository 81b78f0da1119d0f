/**
 * The console's client for the native API: same origin, `Authorization: Bearer <key>`, the API's
 * error shape turned into {@link ApiError}. Small on purpose: the SDK's transport adds retries
 * and Web Crypto request ids that a page in a browser tab does not need.
 */
import type { ErrorBody } from './types.ts';

/** An answer the API refused, with its machine code and human message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Reads an error body into an {@link ApiError}; non-JSON answers keep their status text. */
export function toApiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body?.error?.message)
      return new ApiError(status, body.error.code, body.error.message, body.error.details);
  } catch {}
  return new ApiError(status, 'http_error', `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}

export interface ApiClientOptions {
  apiKey: string;
  /** Where Docket is; the console's own origin by default. */
  baseUrl?: string;
  /** Called when the key is refused (401), so the console can sign out. */
  onUnauthorized?: () => void;
}

export class ApiClient {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly #onUnauthorized: (() => void) | undefined;

  constructor(options: ApiClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = options.baseUrl ?? '';
    this.#onUnauthorized = options.onUnauthorized;
  }

  /** Headers that authenticate a request. */
  authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    init: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { ...this.authHeaders(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized?.();
      throw toApiError(response.status, text);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, { signal });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** Fetches bytes (file previews) as a Blob. */
  async blob(path: string, signal?: AbortSignal): Promise<{ blob: Blob; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: this.authHeaders(),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized?.();
      throw toApiError(response.status, await response.text());
    }
    return { blob: await response.blob(), headers: response.headers };
  }
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
