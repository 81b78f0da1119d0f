import { describe, expect, it } from 'vitest';
import { DocketError } from './errors.ts';
import { parseScopes, requireScope } from './scopes.ts';

const token = (scopes: string[]) => ({ applicationId: 'a', scopes, via: 'access_token' as const });

describe('scopes', () => {
  it('parses space- or comma-separated lists and arrays, and refuses unknown names with the known ones', () => {
    expect(parseScopes('read:documents  write:document_integrations')).toEqual([
      'read:documents',
      'write:document_integrations',
    ]);
    expect(parseScopes(['read:webhooks', 'read:webhooks'])).toEqual(['read:webhooks']);
    expect(() => parseScopes('read:everything')).toThrow(/read:documents, write:document_integrations/);
  });

  it('lets unrestricted keys through, and names the missing scope otherwise', () => {
    expect(() => requireScope({ applicationId: 'a', scopes: null, via: 'api_key' }, undefined)).not.toThrow();
    expect(() => requireScope(token(['read:documents']), 'read:documents')).not.toThrow();
    let refused: unknown;
    try {
      requireScope(token(['read:documents']), 'write:document_integrations');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DocketError);
    expect((refused as DocketError).kind).toBe('forbidden');
    expect((refused as DocketError).message).toContain('needs the scope write:document_integrations');
    expect(() => requireScope(token(['read:documents']), undefined)).toThrow(/without scope restrictions/);
  });
});
