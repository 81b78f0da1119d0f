/** Seeds 001/004, the food-photo nutrition API, as one product of Docket's. */
import { EVENT_TYPES } from '../../core/domain.ts';
import { IMAGE_TYPES } from '../file-types.ts';
import type { ProductDescriptor } from '../product.ts';
import { NUTRITION_KIND, nutritionStatus, renderNutritionRecord } from './render.ts';
import { nutritionRoutes } from './routes.ts';

export const nutritionProduct = {
  name: 'nutrition',
  kinds: {
    [NUTRITION_KIND]: {
      mimeTypes: IMAGE_TYPES,
      analyser: async (settings) =>
        (await import('../../analysers/nutrition/index.ts')).createNutritionAnalyser({
          tesseract: settings.tesseract,
          vision: settings.vision,
          detector: settings.foodDetector,
        }),
    },
  },
  retryPreset: 'nutrition',
  events: [EVENT_TYPES.recordCompleted, EVENT_TYPES.recordFailed],
  status: nutritionStatus,
  render: renderNutritionRecord,
  routes: (ctx) => [nutritionRoutes(ctx)],
} satisfies ProductDescriptor;
