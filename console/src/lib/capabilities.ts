/**
 * What the connected Docket can do, read from its OpenAPI document: the Templates and Documents
 * pages appear only once the server has their APIs (issues 10 and 11), so one console build works
 * against older and newer servers alike.
 */

/** Features the console turns on when the server's routes exist. */
export interface Capabilities {
  templates: boolean;
  documents: boolean;
  usage: boolean;
  /** Credits per day (`GET /v1/usage`, seed 002's jobs). */
  credits: boolean;
  /** Live template preview on a sample (`POST /v1/templates/preview`). */
  templatePreview: boolean;
  testEvents: boolean;
}

export const NO_CAPABILITIES: Capabilities = {
  templates: false,
  documents: false,
  usage: false,
  credits: false,
  templatePreview: false,
  testEvents: false,
};

/** Reads capabilities from an OpenAPI document's `paths`. */
export function capabilitiesOf(paths: Record<string, unknown>): Capabilities {
  const has = (path: string) => Object.hasOwn(paths, path);
  return {
    templates: has('/v1/templates'),
    documents: has('/v1/documents') || has('/documents'),
    usage: has('/v1/usage/deliveries'),
    credits: has('/v1/usage'),
    templatePreview: has('/v1/templates/preview'),
    testEvents: has('/v1/endpoints/{id}/test'),
  };
}

export async function fetchCapabilities(baseUrl = ''): Promise<Capabilities> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (!response.ok) return NO_CAPABILITIES;
  const document = (await response.json()) as { paths?: Record<string, unknown> };
  return capabilitiesOf(document.paths ?? {});
}
