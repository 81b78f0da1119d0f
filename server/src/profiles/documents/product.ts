/**
 * Seed 003, document synchronisation, as one product of Docket's: medical documents (kind
 * `document`) analysed, validated by a professional, announced by webhook (`new_document`,
 * `document_synchronize`) or polled, and confirmed by the customer's system.
 */

import { DOCUMENT_KIND, documentDeliveryWanted } from '../../core/document-links.ts';
import { DOCUMENT_EVENTS } from '../../core/document-types.ts';
import { EVENT_TYPES } from '../../core/domain.ts';
import { DOCUMENT_TYPES } from '../file-types.ts';
import { renderRecordEvent } from '../native/render.ts';
import type { ProductDescriptor } from '../product.ts';
import { documentAttemptRenderer } from './attempt.ts';
import { nativeDocumentRoutes } from './native-routes.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { documentStatus } from './render.ts';
import { documentRoutes } from './routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

export const documentsProduct = {
  name: 'documents',
  kinds: {
    [DOCUMENT_KIND]: {
      mimeTypes: DOCUMENT_TYPES,
      analyser: async (settings) =>
        (await import('../../analysers/document/index.ts')).createDocumentAnalyser({
          tesseract: settings.tesseract,
        }),
    },
  },
  retryPreset: 'documents',
  events: [
    DOCUMENT_EVENTS.newDocument,
    DOCUMENT_EVENTS.synchronize,
    EVENT_TYPES.recordCompleted,
    EVENT_TYPES.recordFailed,
  ],
  status: documentStatus,
  // record.completed / record.failed of a document (its analysis) in the native envelope; the
  // seed's own events are rendered by the document service with renderDocumentEvent.
  render: renderRecordEvent,
  attemptRenderer: documentAttemptRenderer,
  deliveryHooks: ({ store }) => ({ wanted: (delivery) => documentDeliveryWanted(store, delivery) }),
  routes: (ctx) => [documentRoutes(ctx), webhookRoutes(ctx), nativeDocumentRoutes(ctx), oauthRoutes(ctx)],
} satisfies ProductDescriptor;
