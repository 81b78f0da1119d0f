/**
 * Seed 003's document routes: polling (`GET /documents?synchronized=`), one document
 * (`GET /documents/{uuid}`), and the status confirmation (`POST /documents/{uuid}/status`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SCOPES } from '../../core/scopes.ts';
import type { HttpContext } from '../../http/context.ts';
import { renderDocument, renderDocumentDetail } from './render.ts';
import {
  DocumentDetailSchema,
  DocumentListQuery,
  DocumentListSchema,
  StatusReportBody,
  DOCUMENT_TAGS as tags,
  UuidParams,
} from './schemas.ts';

const oauth = (scope: string): Array<Record<string, string[]>> => [
  { oauth2: [scope] },
  { bearer: [] },
  { apiKey: [] },
];

export function documentRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/documents',
      {
        config: { scope: SCOPES.readDocuments },
        schema: {
          tags,
          summary: 'List validated documents, e.g. ?synchronized=false for those not yet imported',
          querystring: DocumentListQuery,
          response: { 200: DocumentListSchema },
          security: oauth(SCOPES.readDocuments),
        },
      },
      async (request) => {
        const { synchronized, cursor, limit = 50 } = request.query;
        const page = await ctx.documents.list({
          applicationId: request.applicationId,
          limit,
          ...(synchronized === undefined ? {} : { synchronized }),
          ...(cursor ? { cursor } : {}),
        });
        return {
          data: page.items.map((item) => renderDocument(item.document, item.record, item.pdf)),
          next_cursor: page.nextCursor,
        };
      },
    );
    app.get(
      '/documents/:uuid',
      {
        config: { scope: SCOPES.readDocuments },
        schema: {
          tags,
          summary:
            'A validated document with its patient, a PDF link valid for 1 hour and its status history',
          params: UuidParams,
          response: { 200: DocumentDetailSchema },
          security: oauth(SCOPES.readDocuments),
        },
      },
      async (request) => {
        const view = await ctx.documents.get(request.applicationId, request.params.uuid);
        return renderDocumentDetail(view, await ctx.documents.reports(view.document.id));
      },
    );
    app.post(
      '/documents/:uuid/status',
      {
        config: { scope: SCOPES.writeDocumentIntegrations },
        schema: {
          tags,
          summary: 'Confirm an import: success true marks it synchronised; false records the error',
          params: UuidParams,
          body: StatusReportBody,
          response: { 200: DocumentDetailSchema },
          security: oauth(SCOPES.writeDocumentIntegrations),
        },
      },
      async (request) => {
        const view = await ctx.documents.report(request.applicationId, request.params.uuid, request.body);
        return renderDocumentDetail(view, await ctx.documents.reports(view.document.id));
      },
    );
  };
}
