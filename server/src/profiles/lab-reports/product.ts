/** Seed 000, the lab-report API, as one product of Docket's. */
import { EVENT_TYPES } from '../../core/domain.ts';
import { DOCUMENT_TYPES } from '../file-types.ts';
import type { ProductDescriptor } from '../product.ts';
import { LAB_REPORT_KIND, labReportStatus, renderLabReport } from './render.ts';
import { labReportRoutes } from './routes.ts';

export const labReportsProduct = {
  name: 'lab_reports',
  kinds: {
    [LAB_REPORT_KIND]: {
      mimeTypes: DOCUMENT_TYPES,
      analyser: async (settings) =>
        (await import('../../analysers/lab-report/index.ts')).createLabReportAnalyser({
          tesseract: settings.tesseract,
        }),
    },
  },
  retryPreset: 'lab_reports',
  events: [EVENT_TYPES.recordCompleted, EVENT_TYPES.recordFailed],
  status: labReportStatus,
  render: renderLabReport,
  routes: (ctx) => [labReportRoutes(ctx)],
} satisfies ProductDescriptor;
