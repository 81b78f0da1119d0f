/** Seeds 001/004's shapes as TypeBox schemas: the immediate answer and the full nutrition record. */
import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('processing'),
  Type.Literal('completed'),
  Type.Literal('failed'),
]);
const NutritionalFields = Type.Record(Type.String(), Type.Number(), {
  description: 'energy_kcal, protein_g, fat_total_g, carbohydrate_g, fiber_total_dietary_g, …',
});

export const NutritionAcceptedSchema = Type.Object({
  record_id: Type.String(),
  status: Status,
  uploaded_at: DateTime,
});

export const NutritionRecordSchema = Type.Object({
  application_id: Type.Integer({ description: "Your application's number (a stable integer id)" }),
  uid: Nullable(Type.String({ description: 'The end user: the application_user_id of the upload' })),
  application_user_id: Nullable(Type.String()),
  record_id: Type.String(),
  status: Status,
  dish_name: Type.Optional(Nullable(Type.String())),
  dish_description: Type.Optional(Nullable(Type.String())),
  nutri_score: Type.Optional(Nullable(Type.String({ description: 'A to E (2023 rules)' }))),
  nutri_score_details: Type.Optional(
    Type.Object(
      {
        category: Type.String({
          description: 'general, cheese, red_meat, fats_oils_nuts_seeds, beverage or water',
        }),
        score: Type.Number(),
        estimate: Type.Boolean({
          description: 'true for composed dishes and labels: their fruit/vegetable/legume share is estimated',
        }),
        fruit_veg_legumes_percent: Type.Number(),
        notes: Type.Optional(
          Type.Array(Type.String(), {
            description:
              'What the score could not take into account, e.g. "fibre is not known: counted as 0 points"',
          }),
        ),
      },
      { description: "Docket's addition: how the Nutri-Score was reached" },
    ),
  ),
  serving_size: Type.Optional(Nullable(Type.Number())),
  unit: Type.Optional(Nullable(Type.String())),
  nutritional_fields: Type.Optional(NutritionalFields),
  ingredients: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        serving_size: Type.Number(),
        unit: Type.String(),
        nutritional_fields: NutritionalFields,
        matched_food: Type.Optional(
          Type.String({ description: "Docket's addition: the composition-table food the figures come from" }),
        ),
        portion: Type.Optional(Type.String({ description: "Docket's addition: how the grams were found" })),
      }),
    ),
  ),
  failure_reason: Type.Optional(
    Type.String({ description: 'Why the analysis failed, when status is failed' }),
  ),
  uploaded_at: DateTime,
  modified_at: DateTime,
  consumed_at: Type.Optional(Type.String()),
});
export type NutritionRecordBody = Static<typeof NutritionRecordSchema>;
