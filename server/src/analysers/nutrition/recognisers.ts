/**
 * The recognisers that need no model: the caller's hints (`dish_name`, `description`, `ingredients`)
 * and a nutrition-facts label read with the shared OCR module.
 */
import sharp from 'sharp';
import { readDocument } from '../layout/read-document.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { parseIngredients } from './hints.ts';
import { parseLabel } from './label.ts';
import type { FoodRecogniser } from './types.ts';

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The request's hints: the ingredient list, else the dish name as one food, else the description's items. */
export function createHintRecogniser(): FoodRecogniser {
  return {
    name: 'hints',
    async recognise({ options }) {
      const dishName = text(options.dish_name);
      const description = text(options.description);
      const ingredients = text(options.ingredients);
      const source = ingredients ?? dishName ?? description;
      if (!source) return { none: 'no hints were sent (dish_name, description, ingredients)' };
      return {
        kind: 'dish',
        source: 'hints',
        dishName,
        description,
        foods: parseIngredients(source).map((item) => ({ text: item.text })),
        lenient: !ingredients && !dishName,
      };
    },
  };
}

/** Shorter sides than this cannot hold a legible label, so OCR (seconds per photo) is not started. */
const MIN_LABEL_SIDE = 200;

/** A nutrition-facts label in the photo, read by OCR. */
export function createLabelRecogniser(ocr: () => OcrEngine): FoodRecogniser {
  return {
    name: 'label',
    async recognise({ bytes, mimeType }) {
      let layout: Awaited<ReturnType<typeof readDocument>>;
      try {
        const { width = 0, height = 0 } = await sharp(bytes).metadata();
        if (Math.min(width, height) < MIN_LABEL_SIDE) {
          return {
            none: `the photo (${width}×${height} px) is too small to hold a readable nutrition-facts label`,
          };
        }
        layout = await readDocument(bytes, mimeType, ocr);
      } catch (error) {
        return { none: `the photo could not be read for a label (${(error as Error).message})` };
      }
      const lines = layout.pages.flatMap((page) => page.lines);
      const label = parseLabel(lines);
      return label ?? { none: 'no nutrition-facts label could be read in the photo' };
    },
  };
}
