/**
 * Seed 003's document synchronisation: the documents to import (`GET /documents`), one document
 * with its pre-signed PDF link, the status confirmation after importing, a professional's
 * validation and manual synchronisation (`/v1/documents/{id}/…`), and OAuth clients.
 */
import { call } from '../api.ts';
import type { Body, Ok } from '../paths.ts';
import type { Transport } from '../transport.ts';
import type {
  DocumentList,
  DocumentStatusReport,
  MedicalDocument,
  OAuthClient,
  OAuthClientCreate,
} from '../types.ts';

type Signal = { signal?: AbortSignal };
const signalOf = (options: Signal) => (options.signal ? { signal: options.signal } : {});

export class Documents {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Documents, e.g. `{ synchronized: false }` for those not yet confirmed (poll every 30–60 s). */
  list(query: { synchronized?: boolean } = {}, options: Signal = {}): Promise<DocumentList> {
    return call(this.#transport, 'get', '/documents', { query, ...signalOf(options) });
  }

  /** One document, with a PDF link valid for an hour. */
  get(uuid: string, options: Signal = {}): Promise<MedicalDocument> {
    return call(this.#transport, 'get', '/documents/{uuid}', { params: { uuid }, ...signalOf(options) });
  }

  /**
   * Confirms the import: `{ success: true, directory?, path? }` marks the document synchronised and
   * stops its retries; `{ success: false, error }` records why it failed. Always confirm, either way.
   */
  confirmStatus(
    uuid: string,
    status: DocumentStatusReport,
    options: Signal = {},
  ): Promise<Ok<'/documents/{uuid}/status', 'post'>> {
    return call(this.#transport, 'post', '/documents/{uuid}/status', {
      params: { uuid },
      body: status,
      safe: true, // setting the same outcome twice is the same outcome
      ...signalOf(options),
    });
  }

  /** A professional validates the document; it is then announced (`new_document`). */
  validate(
    id: string,
    changes: Body<'/v1/documents/{id}/validate', 'post'> = {},
    options: Signal = {},
  ): Promise<Ok<'/v1/documents/{id}/validate', 'post'>> {
    return call(this.#transport, 'post', '/v1/documents/{id}/validate', {
      params: { id },
      body: changes,
      ...signalOf(options),
    });
  }

  /** Sends the document again on demand (`document_synchronize`; at most once per 30 s). */
  synchronize(
    id: string,
    body: Body<'/v1/documents/{id}/synchronize', 'post'> = {},
    options: Signal = {},
  ): Promise<Ok<'/v1/documents/{id}/synchronize', 'post'>> {
    return call(this.#transport, 'post', '/v1/documents/{id}/synchronize', {
      params: { id },
      body,
      ...signalOf(options),
    });
  }
}

export class OAuthClients {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A client for the client-credentials grant; its secret is in this answer only. */
  create(client: OAuthClientCreate, options: Signal = {}): Promise<OAuthClient> {
    return call(this.#transport, 'post', '/v1/oauth-clients', {
      body: client,
      creates: true,
      ...signalOf(options),
    });
  }

  list(options: Signal = {}): Promise<Ok<'/v1/oauth-clients', 'get'>> {
    return call(this.#transport, 'get', '/v1/oauth-clients', signalOf(options));
  }
}
