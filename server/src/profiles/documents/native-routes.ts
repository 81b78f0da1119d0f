/**
 * The native document routes a professional's tools use: a document in any state
 * (`GET /v1/documents/{id}`), validation with optional corrections, and manual synchronisation.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SCOPES } from '../../core/scopes.ts';
import type { HttpContext } from '../../http/context.ts';
import { renderDocument } from './render.ts';
import {
  DocumentSchema,
  IdParams,
  NativeDocumentSchema,
  SynchronizeAnswer,
  SynchronizeBody,
  DOCUMENT_TAGS as tags,
  ValidateBody,
} from './schemas.ts';

export function nativeDocumentRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Both POSTs may come without a body (nothing to correct, nothing to say): treat it as `{}`.
    app.addHook('preValidation', async (request) => {
      if (request.method === 'POST' && request.body == null) request.body = {};
    });
    app.get(
      '/v1/documents/:id',
      {
        config: { scope: SCOPES.readDocuments },
        schema: {
          tags,
          summary:
            "A document in any state, with the analyser's proposal (to_validate) or what was validated",
          params: IdParams,
          response: { 200: NativeDocumentSchema },
        },
      },
      async (request) => {
        const view = await ctx.documents.view(request.applicationId, request.params.id);
        const validated = view.document
          ? await ctx.documents.get(request.applicationId, view.record.id)
          : null;
        return {
          id: view.record.id,
          state: view.review,
          analysis: view.record.result ?? null,
          error: view.record.error,
          document: validated ? renderDocument(validated.document, validated.record, validated.pdf) : null,
        };
      },
    );
    app.post(
      '/v1/documents/:id/validate',
      {
        config: { scope: SCOPES.writeDocuments },
        schema: {
          tags,
          summary:
            'Validate a document (optionally correcting its type, patient or date); emits new_document',
          params: IdParams,
          body: ValidateBody,
          response: { 200: DocumentSchema },
        },
      },
      async (request) => {
        const view = await ctx.documents.validate(request.applicationId, request.params.id, request.body);
        return renderDocument(view.document, view.record, view.pdf);
      },
    );
    app.post(
      '/v1/documents/:id/synchronize',
      {
        config: { scope: SCOPES.writeDocuments },
        schema: {
          tags,
          summary:
            'Send a validated document again (document_synchronize); at most once per 30 s (429 with Retry-After)',
          params: IdParams,
          body: SynchronizeBody,
          response: { 202: SynchronizeAnswer },
        },
      },
      async (request, reply) => {
        const { document, eventId } = await ctx.documents.synchronize(
          request.applicationId,
          request.params.id,
        );
        return reply
          .status(202)
          .send({ uuid: document.id, action: 'document_synchronize' as const, event_id: eventId });
      },
    );
  };
}
