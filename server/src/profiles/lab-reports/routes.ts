/** Seed 000's HTTP surface: `POST /lab_reports`, `GET /lab_reports/{id}`. Translation only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { stringFields } from '../../http/body-checks.ts';
import { findRecord, type HttpContext, uploadBase64 } from '../../http/context.ts';
import { LAB_REPORT_KIND, renderLabReport, renderLabReportAccepted } from './render.ts';
import { LabReportAcceptedSchema, LabReportEnvelopeSchema } from './schemas.ts';

const UploadBody = Type.Object({
  body: Type.String({ description: 'The document, base64-encoded (PDF, JPEG, PNG, WebP or TIFF)' }),
  mime_type: Type.Optional(Type.String({ description: 'e.g. application/pdf; checked against the bytes' })),
  filename: Type.Optional(Type.String()),
  wait_on_process: Type.Optional(Type.Boolean({ default: false })),
  application_user_id: Type.Optional(Type.String({ description: 'Your own id for the end user' })),
});

export function labReportRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/lab_reports',
      {
        schema: {
          tags: ['lab reports (seed 000)'],
          summary: 'Upload a lab report',
          body: UploadBody,
          response: { 202: LabReportAcceptedSchema, 200: LabReportEnvelopeSchema },
        },
        config: { bodyTypes: ['application/json'], base64Fields: ['body'] },
        preValidation: stringFields(['application_user_id', 'filename', 'mime_type']),
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, () =>
          uploadBase64(ctx, request, {
            kind: LAB_REPORT_KIND,
            fields: request.body,
            accepted: renderLabReportAccepted,
            finished: (record) => ({ lab_report: renderLabReport(record) }),
          }),
        ),
    );

    app.get(
      '/lab_reports/:id',
      {
        schema: {
          tags: ['lab reports (seed 000)'],
          summary: 'Get a lab report and its results',
          params: Type.Object({ id: Type.String() }),
          response: { 200: LabReportEnvelopeSchema },
        },
      },
      async (request) => ({
        lab_report: renderLabReport(
          await findRecord(ctx, request, request.params.id, LAB_REPORT_KIND, 'lab report'),
        ),
      }),
    );
  };
}
