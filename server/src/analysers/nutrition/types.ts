/**
 * The nutrition analyser's shapes: what a recogniser finds in a request (foods and grams, or a printed
 * label's figures) and what the analyser returns (seeds 001/004's dish part of a record).
 */
import type { Nutrients } from './fields.ts';

/** One ingredient of the result, as seeds 001/004 show it (plus what it was matched to). */
export interface NutritionIngredient {
  name: string;
  serving_size: number;
  unit: string;
  nutritional_fields: Record<string, number>;
  /** The food composition table entry the figures come from (`USDA SR24 05064: Chicken, …`). */
  matched_food?: string;
  /** How the grams were found (`2 × cup shredded (47 g, USDA household measure)`). */
  portion?: string;
}

/** How the Nutri-Score was reached (shown with `include_nutri_score`). */
export interface NutriScoreDetails {
  category: string;
  score: number;
  /** `true` for composed dishes and labels, whose fruit/vegetable/legume share is estimated. */
  estimate: boolean;
  fruit_veg_legumes_percent: number;
  /** What the score could not take into account, e.g. `fibre is not known: counted as 0 points`. */
  notes?: string[];
}

/** What the nutrition analyser returns: the dish part of a seed 001/004 record. */
export interface NutritionResult {
  dish_name: string | null;
  dish_description: string | null;
  nutri_score: string | null;
  nutri_score_details?: NutriScoreDetails;
  serving_size: number | null;
  unit: string | null;
  nutritional_fields: Record<string, number>;
  ingredients: NutritionIngredient[];
  /** Which recogniser produced the result: `hints`, `label`, `photo detector`, `vision model`. */
  recognised_by: string;
}

/** A food named by a recogniser, with grams when it knows them or a quantity text to parse. */
export interface RecognisedFood {
  /** The food's name or a whole item text ("2 cups romaine"). */
  text: string;
  /** Grams when the recogniser gives them directly (a vision model's estimate). */
  grams?: number;
  /**
   * The table food the recogniser chose itself (an SR24 NDB number, e.g. `09040`), looked up by id
   * instead of by name: the photo detector maps each class it knows to one food.
   */
  foodId?: string;
  /** A quantity of one of the food's household measures (`{ quantity: 2, unit: 'medium' }`), instead of parsing `text`. */
  measure?: { quantity: number; unit: string };
  /** Added to the ingredient's `portion`: how the recogniser came to it (`detected twice, 48 % and 47 % confidence`). */
  note?: string;
}

/** Foods found in a request: a dish of ingredients, still to be looked up in the table. */
export interface RecognisedDish {
  kind: 'dish';
  source: string;
  dishName: string | null;
  description: string | null;
  foods: RecognisedFood[];
  /**
   * Words that name no food may be dropped (a free-text description: "chicken breast, grilled with
   * romaine" has "grilled" as an item); otherwise an unknown food fails the analysis.
   */
  lenient?: boolean;
}

/** A printed nutrition-facts label: its own figures, per 100 g and per serving where printed. */
export interface RecognisedLabel {
  kind: 'label';
  source: 'label';
  per100g: Nutrients | null;
  perServing: Nutrients | null;
  servingGrams: number | null;
  /** `ml` when the label declares per 100 ml (a beverage). */
  unit: 'g' | 'ml';
  /** Checks that did not pass (kJ/kcal disagree, columns disagree), kept for the record. */
  warnings: string[];
}

export type Recognition = RecognisedDish | RecognisedLabel;

/** What a recogniser is given. */
export interface RecogniserInput {
  bytes: Uint8Array;
  mimeType: string;
  options: Record<string, unknown>;
}

/**
 * The recognition port: one way of finding out what was eaten. Recognisers are tried in order
 * (hints, label, detector, vision); the first that recognises something wins. `null` with a
 * `reason` says why this one found nothing, for the failure message.
 */
export interface FoodRecogniser {
  /** Short name for messages: `hints`, `label`, `detector`, `vision`. */
  name: string;
  recognise(input: RecogniserInput): Promise<Recognition | { none: string }>;
}
