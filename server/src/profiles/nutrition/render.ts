/**
 * Seeds 001/004 (food-photo nutrition AI): status `pending` while queued, `processing`, then
 * `completed` or `failed` with `failure_reason`. Ingredients and Nutri-Score appear only when the
 * upload asked for them (`include_ingredients`, `include_nutri_score`).
 */
import type { NutritionResult } from '../../analysers/nutrition/types.ts';
import type { DocketRecord } from '../../core/domain.ts';
import type { NutritionRecordBody } from './schemas.ts';

export const NUTRITION_KIND = 'nutrition';

/** Seeds 001/004's status words. */
export function nutritionStatus(record: DocketRecord): 'pending' | 'processing' | 'completed' | 'failed' {
  return record.status === 'queued' ? 'pending' : record.status;
}

export function renderNutritionAccepted(record: DocketRecord) {
  return {
    record_id: record.id,
    status: nutritionStatus(record),
    uploaded_at: record.createdAt.toISOString(),
  };
}

export function renderNutritionRecord(record: DocketRecord): NutritionRecordBody {
  const status = nutritionStatus(record);
  const result = (status === 'completed' ? record.result : null) as NutritionResult | null;
  const options = record.options;
  return {
    // Seed 001's receivers read `application_id` as an int64 and the end user as `uid`; its
    // example payload names the end user `application_user_id`: both are sent.
    application_id: record.applicationNumber,
    uid: record.applicationUserId,
    application_user_id: record.applicationUserId,
    record_id: record.id,
    status,
    ...(result
      ? {
          dish_name: result.dish_name ?? null,
          dish_description: result.dish_description ?? null,
          ...(options.include_nutri_score
            ? {
                nutri_score: result.nutri_score ?? null,
                ...(result.nutri_score_details ? { nutri_score_details: result.nutri_score_details } : {}),
              }
            : {}),
          serving_size: result.serving_size ?? null,
          unit: result.unit ?? null,
          nutritional_fields: result.nutritional_fields ?? {},
          ...(options.include_ingredients ? { ingredients: result.ingredients ?? [] } : {}),
        }
      : {}),
    ...(status === 'failed' ? { failure_reason: record.error?.message ?? 'analysis failed' } : {}),
    uploaded_at: record.createdAt.toISOString(),
    modified_at: record.updatedAt.toISOString(),
    ...(typeof options.consumed_at === 'string' ? { consumed_at: options.consumed_at } : {}),
  };
}
