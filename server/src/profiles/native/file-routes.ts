/**
 * Pre-signed downloads from the file blob store (`GET /v1/files/{token}`): no API key, the link
 * itself is the credential until it expires. S3 deployments hand out S3's own links instead.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { create as contentDisposition } from 'content-disposition';
import { Type } from 'typebox';
import { DocketError } from '../../core/errors.ts';
import type { HttpContext } from '../../http/context.ts';

export function fileRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/files/:token',
      {
        config: { public: true },
        schema: {
          tags: ['files'],
          summary:
            'Download a file through a pre-signed link (no API key; 403 once expired or changed, 410 once the file was deleted)',
          params: Type.Object({ token: Type.String() }),
          security: [],
        },
      },
      async (request, reply) => {
        const file = await ctx.blobs.openPresigned(request.params.token).catch((error: unknown) => {
          // A valid link to a file that is no longer stored: retention or delivery deleted it.
          if (error instanceof DocketError && error.kind === 'not_found') {
            throw new DocketError(
              'gone',
              'file_deleted',
              'this file is no longer stored: Docket deleted it under its retention policy (after delivery or after its retention days); the record and its result are kept, GET the record for when and why',
            );
          }
          throw error;
        });
        reply.header('content-type', file.contentType ?? 'application/octet-stream');
        reply.header('cache-control', 'private, no-store');
        if (file.filename) reply.header('content-disposition', contentDisposition(file.filename));
        return reply.send(file.bytes);
      },
    );
  };
}
