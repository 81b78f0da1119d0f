/**
 * Recognition by an offline object detector: the COCO food classes it finds in the photo become
 * foods of the table (`coco-foods.ts`), one household measure per detected object, with the
 * detector's confidence in the result. Detections under the confidence threshold are not used.
 * The detector only says what and how many; every nutrient figure still comes from the table.
 */
import { COCO_CONTAINERS, COCO_FOODS } from './coco-foods.ts';
import type { FoodRecogniser, RecognisedFood } from './types.ts';

/** One object a detector found in a photo. */
export interface Detection {
  /** The class, e.g. `banana`, `pizza`, `person`. */
  label: string;
  /** The detector's confidence, 0..1. */
  score: number;
}

/**
 * The photo detector port: the objects it finds in a photo. An adapter owns its model (loaded on
 * first use, kept until `close`).
 */
export interface PhotoDetector {
  /** For messages: which model this is (`CenterNet, COCO classes (@vladmandic/human)`). */
  readonly name: string;
  detect(bytes: Uint8Array): Promise<Detection[]>;
  close(): Promise<void>;
}

/** How the composition root configures the photo detector (`DOCKET_FOOD_DETECTOR`, `DOCKET_FOOD_DETECTOR_MIN_CONFIDENCE`). */
export interface FoodDetectorSettings {
  /**
   * `before-vision`: tried after hints and labels, before the vision endpoint (`on`);
   * `after-vision`: only when the vision endpoint found nothing or is not configured.
   */
  order: 'before-vision' | 'after-vision';
  /** Detections below this confidence (0..1) are not taken as food. */
  minConfidence: number;
}

/** Options for {@link createDetectorRecogniser}. */
export interface DetectorRecogniserOptions {
  /** Detections below this confidence (0..1) are not taken as food. */
  minConfidence: number;
}

const percent = (score: number) => `${Math.round(score * 100)} %`;
/** The food classes in the order they are listed in messages. */
const KNOWN_FOODS = Object.keys(COCO_FOODS).join(', ');

/** Groups scores by label, most confident first within each label. */
function byLabel(detections: readonly Detection[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    const scores = groups.get(d.label) ?? [];
    scores.push(d.score);
    groups.set(d.label, scores);
  }
  return groups;
}

/** What the detector saw, for a failure reason: `person (52 %), banana (21 %, under the threshold)`. */
function seen(detections: readonly Detection[], minConfidence: number): string {
  const top = [...detections].sort((a, b) => b.score - a.score).slice(0, 5);
  if (top.length === 0) return 'it saw no object at all';
  const items = top.map((d) => {
    if (d.label in COCO_FOODS && d.score < minConfidence)
      return `${d.label} (${percent(d.score)}, under the threshold)`;
    if (COCO_CONTAINERS.has(d.label)) return `${d.label} (${percent(d.score)}, a container, not a food)`;
    return `${d.label} (${percent(d.score)})`;
  });
  return `it saw ${items.join(', ')}`;
}

export function createDetectorRecogniser(
  detector: PhotoDetector,
  options: DetectorRecogniserOptions,
): FoodRecogniser {
  const { minConfidence } = options;
  return {
    name: 'detector',
    async recognise({ bytes }) {
      let detections: Detection[];
      try {
        detections = await detector.detect(bytes);
      } catch (error) {
        return { none: `the photo detector could not look at the photo: ${(error as Error).message}` };
      }
      const confident = byLabel(detections.filter((d) => d.score >= minConfidence));
      const foods: RecognisedFood[] = [];
      const found: string[] = [];
      const leftOut: string[] = [];
      for (const [label, scores] of confident) {
        const mapping = COCO_FOODS[label];
        if (!mapping) continue;
        const confidence = scores.map(percent).join(', ');
        if ('unmapped' in mapping) {
          leftOut.push(`${label} (${confidence}): ${mapping.unmapped}`);
          continue;
        }
        found.push(`${scores.length} × ${label} (${confidence})`);
        foods.push({
          text: label,
          foodId: mapping.foodId,
          measure: { quantity: scores.length, unit: mapping.unit },
          note: `detected ${scores.length} × by the photo detector at ${confidence} confidence${
            mapping.assumed ? `; assumed ${mapping.assumed}` : ''
          }`,
        });
      }
      if (foods.length === 0) {
        if (leftOut.length > 0) {
          return { none: `the photo detector saw ${leftOut.join('; ')} — send its ingredients` };
        }
        return {
          none: `the photo detector (${detector.name}) found none of the foods it knows (${KNOWN_FOODS}) at ${percent(minConfidence)} confidence or more; ${seen(detections, minConfidence)}`,
        };
      }
      const description = [
        `Recognised in the photo by the offline detector (${detector.name}): ${found.join(', ')}.`,
        'Portions are typical household measures for what was detected, not weighed.',
        ...(leftOut.length ? [`Left out: ${leftOut.join('; ')}.`] : []),
      ].join(' ');
      return { kind: 'dish', source: 'photo detector', dishName: null, description, foods };
    },
  };
}
