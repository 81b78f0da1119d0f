/**
 * The native API (`/v1`), Docket's own product: the `text` kind, and the routes over every
 * product's records, endpoints, deliveries and events that the console, SDK and CLI use.
 */
import { EVENT_TYPES } from '../../core/domain.ts';
import { PDF } from '../file-types.ts';
import type { ProductDescriptor } from '../product.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { endpointRoutes } from './endpoint-routes.ts';
import { eventRoutes } from './event-routes.ts';
import { eventStreamRoutes } from './event-stream.ts';
import { fileRoutes } from './file-routes.ts';
import { recordFileRoutes } from './record-file-routes.ts';
import { recordRoutes } from './record-routes.ts';
import { renderRecordEvent } from './render.ts';
import { settingsRoutes } from './settings-routes.ts';
import { usageRoutes } from './usage-routes.ts';

export const nativeProduct = {
  name: 'native',
  kinds: {
    text: {
      mimeTypes: [PDF],
      analyser: async () => (await import('../../analysers/text/index.ts')).textAnalyser,
    },
  },
  retryPreset: 'standard',
  events: [EVENT_TYPES.recordCompleted, EVENT_TYPES.recordFailed],
  status: (record) => record.status,
  render: renderRecordEvent,
  routes: (ctx) => [
    recordRoutes(ctx),
    recordFileRoutes(ctx),
    endpointRoutes(ctx),
    deliveryRoutes(ctx),
    eventRoutes(ctx),
    eventStreamRoutes(ctx),
    fileRoutes(ctx),
    settingsRoutes(ctx),
    usageRoutes(ctx),
  ],
} satisfies ProductDescriptor;
