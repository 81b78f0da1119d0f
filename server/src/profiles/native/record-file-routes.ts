/**
 * A record's file for previews: `GET /v1/records/{id}/file` (the bytes as uploaded) and
 * `GET /v1/records/{id}/pages/{page}` (one PDF page as a PNG). Both need the API key, unlike the
 * pre-signed `/v1/files/{token}` links, so the console can show a file without minting a link.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { create as contentDisposition } from 'content-disposition';
import { Type } from 'typebox';
import type { DocketRecord } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import { findRecord, type HttpContext } from '../../http/context.ts';
import { PDF } from '../file-types.ts';

const tags = ['records'];

async function fileOf(ctx: HttpContext, record: DocketRecord): Promise<Buffer> {
  if (!record.blobKey) {
    throw new DocketError('not_found', 'file_not_found', `record ${record.id} has no stored file`);
  }
  return ctx.blobs.get(record.blobKey);
}

export function recordFileRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/records/:id/file',
      {
        schema: {
          tags,
          summary: "A record's file as uploaded",
          params: Type.Object({ id: Type.String() }),
        },
      },
      async (request, reply) => {
        const record = await findRecord(ctx, request, request.params.id, null, 'record');
        const bytes = await fileOf(ctx, record);
        reply.header('content-type', record.mimeType);
        reply.header('cache-control', 'private, max-age=3600');
        reply.header(
          'content-disposition',
          contentDisposition(record.filename ?? record.id, { type: 'inline' }),
        );
        return reply.send(bytes);
      },
    );

    app.get(
      '/v1/records/:id/pages/:page',
      {
        schema: {
          tags,
          summary: 'One page of a PDF record as a PNG preview',
          params: Type.Object({ id: Type.String(), page: Type.Integer({ minimum: 1 }) }),
        },
      },
      async (request, reply) => {
        const record = await findRecord(ctx, request, request.params.id, null, 'record');
        if (record.mimeType !== PDF) {
          throw new DocketError(
            'unsupported_media',
            'not_a_pdf',
            `record ${record.id} is ${record.mimeType}, not a PDF: GET /v1/records/${record.id}/file shows it as it is`,
          );
        }
        const { renderPagePreview } = await import('../../analysers/pdf/page-image.ts');
        const bytes = await fileOf(ctx, record);
        let preview: Awaited<ReturnType<typeof renderPagePreview>>;
        try {
          preview = await renderPagePreview(bytes, request.params.page);
        } catch (error) {
          throw new DocketError(
            'unprocessable',
            'pdf_unreadable',
            `the PDF cannot be rendered: ${(error as Error).message}`,
          );
        }
        if (!preview.png) {
          throw new DocketError(
            'not_found',
            'page_not_found',
            `the PDF has ${preview.pageCount} page(s); ask for a page from 1 to ${preview.pageCount}`,
            { page_count: preview.pageCount },
          );
        }
        reply.header('content-type', 'image/png');
        reply.header('x-page-count', String(preview.pageCount));
        reply.header('cache-control', 'private, max-age=3600');
        return reply.send(preview.png);
      },
    );
  };
}
