/** Seeds 001/004's HTTP surface: `POST /nutrition_records`, `GET /nutrition_records/{id}`. Translation only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { stringFields } from '../../http/body-checks.ts';
import { findRecord, type HttpContext, uploadBase64 } from '../../http/context.ts';
import { NUTRITION_KIND, renderNutritionAccepted, renderNutritionRecord } from './render.ts';
import { NutritionAcceptedSchema, NutritionRecordSchema } from './schemas.ts';

const UploadBody = Type.Object({
  body: Type.String({ description: 'The food photo, base64-encoded (JPEG, PNG, WebP or TIFF)' }),
  mime_type: Type.Optional(Type.String()),
  include_ingredients: Type.Optional(Type.Boolean({ default: false })),
  include_nutri_score: Type.Optional(Type.Boolean({ default: false })),
  wait_on_process: Type.Optional(Type.Boolean({ default: false })),
  consumed_at: Type.Optional(Type.String({ format: 'date-time', description: 'When the meal was eaten' })),
  application_user_id: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  // Docket's additions (seeds 001/004 have no hint fields): what the caller knows about the meal.
  dish_name: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Optional hint: the dish, e.g. "grilled chicken caesar salad"',
    }),
  ),
  description: Type.Optional(
    Type.String({ maxLength: 2000, description: 'Optional hint: the dish described' }),
  ),
  ingredients: Type.Optional(
    Type.String({
      maxLength: 4000,
      description:
        'Optional hint: ingredients with amounts, e.g. "150 g grilled chicken breast, 2 cups romaine"',
    }),
  ),
});

export function nutritionRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/nutrition_records',
      {
        schema: {
          tags: ['nutrition (seeds 001/004)'],
          summary: 'Upload a food photo',
          body: UploadBody,
          response: { 202: NutritionAcceptedSchema, 200: NutritionRecordSchema },
        },
        config: { bodyTypes: ['application/json'], base64Fields: ['body'] },
        preValidation: stringFields(['application_user_id', 'filename', 'mime_type']),
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, () =>
          uploadBase64(ctx, request, {
            kind: NUTRITION_KIND,
            fields: request.body,
            options: {
              include_ingredients: request.body.include_ingredients ?? false,
              include_nutri_score: request.body.include_nutri_score ?? false,
              ...(request.body.consumed_at ? { consumed_at: request.body.consumed_at } : {}),
              ...(request.body.dish_name ? { dish_name: request.body.dish_name } : {}),
              ...(request.body.description ? { description: request.body.description } : {}),
              ...(request.body.ingredients ? { ingredients: request.body.ingredients } : {}),
            },
            accepted: renderNutritionAccepted,
            finished: renderNutritionRecord,
          }),
        ),
    );

    app.get(
      '/nutrition_records/:id',
      {
        schema: {
          tags: ['nutrition (seeds 001/004)'],
          summary: 'Get a nutrition record',
          params: Type.Object({ id: Type.String() }),
          response: { 200: NutritionRecordSchema },
        },
      },
      async (request) =>
        renderNutritionRecord(
          await findRecord(ctx, request, request.params.id, NUTRITION_KIND, 'nutrition record'),
        ),
    );
  };
}
