/**
 * What a caller may do. API keys made without scopes may do everything; OAuth2 access tokens, and
 * API keys given scopes, may call only the routes that name one of their scopes.
 */
import { DocketError } from './errors.ts';

/** Every scope Docket knows. */
export const SCOPES = {
  /** Seed 003: read documents (`GET /documents`, `GET /documents/{uuid}`). */
  readDocuments: 'read:documents',
  /** Seed 003: confirm imports (`POST /documents/{uuid}/status`). */
  writeDocumentIntegrations: 'write:document_integrations',
  /** Validate and synchronise documents (`POST /v1/documents/{id}/validate`, `/synchronize`). */
  writeDocuments: 'write:documents',
  /** List and read seed 003's webhooks (`GET /webhooks`). */
  readWebhooks: 'read:webhooks',
  /** Create, change and delete seed 003's webhooks. */
  writeWebhooks: 'write:webhooks',
} as const;

export const KNOWN_SCOPES: readonly string[] = Object.values(SCOPES);

/** Who is calling: an application, and what it may do (`null`: everything). */
export interface Principal {
  applicationId: string;
  scopes: readonly string[] | null;
  /** How it authenticated, for messages. */
  via: 'api_key' | 'access_token';
}

/**
 * Checks a list of scopes (from a request or the CLI): known names, no duplicates kept. Accepts a
 * space-separated string (OAuth2's `scope` parameter) or an array.
 */
export function parseScopes(input: string | readonly string[], field = 'scopes'): string[] {
  const names = typeof input === 'string' ? input.split(/[\s,]+/).filter(Boolean) : [...input];
  const unknown = names.find((name) => !KNOWN_SCOPES.includes(name));
  if (unknown !== undefined) {
    throw new DocketError(
      'invalid',
      'invalid_scope',
      `${field} has ${JSON.stringify(unknown)}, which is not a Docket scope: use any of ${KNOWN_SCOPES.join(', ')}`,
      { field, known_scopes: KNOWN_SCOPES },
    );
  }
  return [...new Set(names)];
}

/**
 * Throws a 403 naming what is missing unless the principal may call a route that needs
 * `required`; routes that name no scope are for unrestricted API keys only.
 */
export function requireScope(principal: Principal, required: string | undefined): void {
  if (principal.scopes === null) return;
  const holder = principal.via === 'access_token' ? 'this access token' : 'this API key';
  const held = principal.scopes.length ? principal.scopes.join(' ') : 'no scopes';
  if (required === undefined) {
    throw new DocketError(
      'forbidden',
      'scope_not_sufficient',
      `this route needs an API key without scope restrictions; ${holder} carries only ${held}`,
      { scopes: principal.scopes },
    );
  }
  if (!principal.scopes.includes(required)) {
    throw new DocketError(
      'forbidden',
      'missing_scope',
      `this request needs the scope ${required}; ${holder} carries ${held}`,
      { required_scope: required, scopes: principal.scopes },
    );
  }
}
