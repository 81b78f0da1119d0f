/**
 * Pre-signed downloads from the file blob store (`GET /v1/files/{token}`): no API key, the link
 * itself is the credential until it expires. S3 deployments hand out S3's own links instead.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { create as contentDisposition } from 'content-disposition';
import { Type } from 'typebox';
import type { HttpContext } from '../../http/context.ts';

export function fileRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/files/:token',
      {
        config: { public: true },
        schema: {
          tags: ['files'],
          summary: 'Download a file through a pre-signed link (no API key; 403 once expired or changed)',
          params: Type.Object({ token: Type.String() }),
          security: [],
        },
      },
      async (request, reply) => {
        const file = await ctx.blobs.openPresigned(request.params.token);
        reply.header('content-type', file.contentType ?? 'application/octet-stream');
        reply.header('cache-control', 'private, no-store');
        if (file.filename) reply.header('content-disposition', contentDisposition(file.filename));
        return reply.send(file.bytes);
      },
    );
  };
}
