/**
 * Creating and changing webhook endpoints, with every field checked before it is saved: the URL
 * through the SSRF guard (resolved now, and again at every send), the retry policy, the timeout,
 * and custom headers that must not impersonate Docket's own.
 */
import type { Endpoint } from '../core/domain.ts';
import { DocketError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Clock, Store } from '../core/ports.ts';
import { parseRetryPolicy, RetryPolicyError } from './retry-policy.ts';
import { isValidSigningKey } from './signing.ts';
import { checkUrl, type GuardOptions, WebhookTargetError } from './ssrf-guard.ts';

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 30_000;
const RESERVED_HEADERS =
  /^(content-type|content-length|host|user-agent|x-body-signature|webhook-[a-z-]+|transfer-encoding|connection)$/i;

/** Fields a client may set; `undefined` leaves a field as it is on update. */
export interface EndpointInput {
  url?: string;
  description?: string;
  events?: string[];
  /** The product to bind to: the endpoint then gets none of another product's events. */
  product?: string | null;
  active?: boolean;
  headers?: Record<string, string>;
  retry_policy?: unknown;
  timeout_ms?: number;
  secret?: string | null;
}

/** What a masked header value starts with (not a valid header character, so never a real value). */
export const MASK = '…';
/** Values shorter than this are masked whole: their last 4 characters would give too much away. */
const MIN_REVEAL_LENGTH = 12;

/**
 * How a custom header's value is shown when an endpoint is read back: custom headers are often the
 * receiver's credentials, so only `…` and, for values long enough, their last 4 characters.
 */
export function maskHeaderValue(value: string): string {
  return value.length >= MIN_REVEAL_LENGTH ? `${MASK}${value.slice(-4)}` : MASK;
}

/** An endpoint's custom headers with every value masked ({@link maskHeaderValue}). */
export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskHeaderValue(value)]));
}

/**
 * The headers to store from a client's `headers`: a value sent back exactly as it was shown
 * (masked) keeps the stored secret, so a client can PATCH what it read without knowing it; any
 * other value beginning with the mask is refused rather than stored as a credential.
 */
function unmaskHeaders(
  given: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>>,
): Record<string, string> {
  const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const current = storedByName.get(name.toLowerCase());
    if (current !== undefined && value === maskHeaderValue(current)) headers[name] = current;
    else if (value.startsWith(MASK)) {
      throw invalid(
        'headers',
        `headers.${name} is a masked value (${value}) that matches no stored value of that header: send the real value`,
      );
    } else headers[name] = value;
  }
  return headers;
}

function invalid(field: string, message: string): DocketError {
  return new DocketError('invalid', 'invalid_endpoint', message, { field });
}

/** The names an endpoint may subscribe to and bind to: what the products emit and are called. */
export interface EndpointVocabulary {
  eventTypes: readonly string[];
  products: readonly string[];
}

export class EndpointService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #guard: GuardOptions;
  readonly #vocabulary: EndpointVocabulary;

  constructor(store: Store, clock: Clock, guard: GuardOptions, vocabulary: EndpointVocabulary) {
    this.#store = store;
    this.#clock = clock;
    this.#guard = guard;
    this.#vocabulary = vocabulary;
  }

  /**
   * Creates an endpoint; `binding` ties it to one resource of a product (seed 002: a template's
   * webhook), which is how product profiles keep their own endpoints in this one model.
   */
  async create(
    applicationId: string,
    input: EndpointInput,
    binding: { product: string; resourceId: string | null } | null = null,
  ): Promise<Endpoint> {
    if (!input.url) throw invalid('url', 'missing required field: url');
    const now = this.#clock.now();
    const endpoint: Endpoint = {
      id: newId(),
      applicationId,
      url: '',
      description: '',
      events: [],
      product: binding?.product ?? null,
      resourceId: binding?.resourceId ?? null,
      active: true,
      headers: {},
      retryPolicy: null,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      secret: null,
      disabledReason: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    const created = await this.#apply(endpoint, input);
    await this.#store.endpoints.insert(created);
    return created;
  }

  async update(applicationId: string, id: string, input: EndpointInput): Promise<Endpoint> {
    const updated = await this.#apply(await this.get(applicationId, id), input);
    await this.#store.endpoints.update(updated);
    return updated;
  }

  async get(applicationId: string, id: string): Promise<Endpoint> {
    const endpoint = await this.#store.endpoints.get(applicationId, id);
    if (!endpoint) throw new DocketError('not_found', 'endpoint_not_found', `no endpoint with id ${id}`);
    return endpoint;
  }

  async delete(applicationId: string, id: string): Promise<void> {
    if (!(await this.#store.endpoints.delete(applicationId, id))) {
      throw new DocketError('not_found', 'endpoint_not_found', `no endpoint with id ${id}`);
    }
  }

  async #apply(current: Endpoint, input: EndpointInput): Promise<Endpoint> {
    const next: Endpoint = { ...current, updatedAt: this.#clock.now() };
    if (input.description !== undefined) next.description = input.description;
    if (input.events !== undefined) {
      const known = this.#vocabulary.eventTypes;
      const bad = input.events.find((e) => !known.includes(e));
      if (bad !== undefined) {
        throw invalid(
          'events',
          `events has ${JSON.stringify(bad)}, which no product emits: use any of ${known.join(', ')} (or none, for every event)`,
        );
      }
      next.events = [...new Set(input.events)];
    }
    if (input.product !== undefined) {
      const known = this.#vocabulary.products;
      if (input.product !== null && !known.includes(input.product)) {
        throw invalid(
          'product',
          `product ${JSON.stringify(input.product)} is not one of Docket's: use ${known.join(', ')}, or null for every product`,
        );
      }
      if (current.resourceId !== null && input.product !== current.product) {
        throw invalid(
          'product',
          `this endpoint belongs to a ${current.product} resource; its product cannot change`,
        );
      }
      next.product = input.product;
    }
    if (input.active !== undefined) {
      next.active = input.active;
      // Re-enabling clears what Docket said when it disabled the endpoint, and its failure streak.
      if (input.active) {
        next.disabledReason = null;
        next.failingSince = null;
      }
    }
    if (input.headers !== undefined) {
      const reserved = Object.keys(input.headers).find((name) => RESERVED_HEADERS.test(name));
      if (reserved)
        throw invalid('headers', `headers may not set ${reserved}: Docket sets it on every request`);
      next.headers = unmaskHeaders(input.headers, current.headers);
    }
    if (input.retry_policy !== undefined) {
      try {
        next.retryPolicy = input.retry_policy === null ? null : parseRetryPolicy(input.retry_policy);
      } catch (error) {
        if (error instanceof RetryPolicyError)
          throw invalid('retry_policy', `retry_policy: ${error.message}`);
        throw error;
      }
    }
    if (input.timeout_ms !== undefined) {
      if (
        !Number.isInteger(input.timeout_ms) ||
        input.timeout_ms < 100 ||
        input.timeout_ms > MAX_TIMEOUT_MS
      ) {
        throw invalid(
          'timeout_ms',
          `timeout_ms must be a whole number of milliseconds from 100 to ${MAX_TIMEOUT_MS}`,
        );
      }
      next.timeoutMs = input.timeout_ms;
    }
    if (input.secret !== undefined) {
      if (input.secret !== null && !isValidSigningKey(input.secret)) {
        throw invalid('secret', 'secret must be whsec_ followed by base64 of 24 to 64 random bytes');
      }
      next.secret = input.secret;
    }
    // Last: it resolves the host, and a typo in another field should not wait on DNS to be reported.
    if (input.url !== undefined) next.url = await this.#checkUrl(input.url);
    return next;
  }

  async #checkUrl(url: string): Promise<string> {
    try {
      const checked = await checkUrl(url, this.#guard);
      return checked.url.toString();
    } catch (error) {
      if (error instanceof WebhookTargetError) {
        throw new DocketError('invalid', 'webhook_target_refused', error.message, {
          field: 'url',
          reason: error.code,
        });
      }
      throw error;
    }
  }
}
