/**
 * The nutrition analysis: recognisers tried in order (hints, label, detector, vision); the first that
 * recognises something is turned into the result with the composition table. When none does, the
 * failure says what was tried and how to get a result.
 */
import type { AnalysisInput, AnalysisOutcome } from '../types.ts';
import { composeDish, composeLabel } from './compose.ts';
import type { FoodMatcher } from './match.ts';
import type { FoodRecogniser } from './types.ts';

export async function analyseNutrition(
  input: AnalysisInput,
  recognisers: readonly FoodRecogniser[],
  matcher: () => FoodMatcher,
  /** Recognisers this instance runs without, and why (`no vision endpoint is configured (…)`), for the failure reason. */
  absent: readonly string[],
): Promise<AnalysisOutcome> {
  const tried: string[] = [];
  for (const recogniser of recognisers) {
    const found = await recogniser.recognise(input);
    if ('none' in found) {
      tried.push(found.none);
      continue;
    }
    if (found.kind === 'label') {
      const dishName = typeof input.options.dish_name === 'string' ? input.options.dish_name : null;
      return { ok: true, result: composeLabel(found, dishName), pages: 1 };
    }
    const composed = composeDish(found, matcher());
    if (composed.ok) return { ok: true, result: composed.result, pages: 1 };
    // Hints the table cannot place are the caller's to fix: say so rather than guess from the photo.
    return { ok: false, error: composed.error, pages: 1 };
  }
  tried.push(...absent);
  return {
    ok: false,
    error: {
      code: 'food_not_recognised',
      message: `No food was recognised: ${tried.join('; ')}. To get a result, send ingredients with the upload (e.g. "ingredients": "150 g grilled chicken breast, 2 cups romaine"), photograph the nutrition-facts label, or configure an OpenAI-compatible vision endpoint (DOCKET_VISION_URL, DOCKET_VISION_MODEL, DOCKET_VISION_KEY).`,
    },
    pages: 1,
  };
}
