/**
 * `POST /v1/templates/preview`: an unsaved template definition tried on a sample record, for the
 * console's live preview. Translation only: core/template-preview.ts does the work.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../../http/context.ts';
import { TemplatePreviewBody, TemplatePreviewSchema, TAGS as tags } from './schemas.ts';

export function templatePreviewRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/templates/preview',
      {
        schema: {
          tags,
          summary:
            'Try an unsaved template on a sample record: fields, line items and where each was found (nothing is stored or charged)',
          body: TemplatePreviewBody,
          response: { 200: TemplatePreviewSchema },
        },
      },
      async (request) =>
        ctx.templatePreviews.preview(
          request.applicationId,
          request.body.definition,
          request.body.sample_record_id,
        ),
    );
  };
}
