/**
 * Seed 002, the template extraction platform, as one product of Docket's: jobs (kind `template`)
 * read images, PDFs and ZIP batches with the application's templates; each job's result goes to
 * its template's webhook, whose delivery deletes the uploaded file.
 */
import { EVENT_TYPES } from '../../core/domain.ts';
import { purgeFileOnDelivery } from '../../core/job-retention.ts';
import { TEMPLATE_KIND, TEMPLATES_PRODUCT, templateAnalysisContext } from '../../core/templates.ts';
import { DOCUMENT_TYPES, ZIP } from '../file-types.ts';
import type { ProductDescriptor } from '../product.ts';
import { jobRoutes } from './job-routes.ts';
import { templatePreviewRoutes } from './preview-routes.ts';
import { renderJobWebhook, templateIdOf } from './render.ts';
import { jobStatus } from './status.ts';
import { templateRoutes } from './template-routes.ts';

export const templatesProduct = {
  name: TEMPLATES_PRODUCT,
  kinds: {
    [TEMPLATE_KIND]: {
      mimeTypes: [...DOCUMENT_TYPES, ZIP],
      analyser: async (settings) =>
        (await import('../../analysers/template/index.ts')).createTemplateAnalyser({
          tesseract: settings.tesseract,
        }),
    },
  },
  retryPreset: 'standard',
  events: [EVENT_TYPES.recordCompleted, EVENT_TYPES.recordFailed],
  // Without its deliveries at hand, a finished job reads as if its webhook had arrived;
  // GET /job-status looks at the deliveries (PROCESS IMAGE SUCCESS until one succeeds).
  status: (record) => jobStatus(record, 'none'),
  render: renderJobWebhook,
  resourceOf: templateIdOf,
  analysisContext: (record, { store }) => templateAnalysisContext(store, record),
  deliveryHooks: () => purgeFileOnDelivery(),
  routes: (ctx) => [templateRoutes(ctx), templatePreviewRoutes(ctx), jobRoutes(ctx)],
} satisfies ProductDescriptor;
