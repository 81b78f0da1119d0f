/**
 * The photo-detector recogniser with a stand-in detector that reports fixed detections: the
 * threshold, grouping by class, containers and unmappable classes, its place among the recognisers.
 * The real model is exercised in `human-detector.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../../../test/support/pdfs.ts';
import type { Detection, FoodDetectorSettings, PhotoDetector } from './detector.ts';
import { loadFoodTable } from './food-table.ts';
import { createNutritionAnalyser } from './index.ts';

const blankOcr = () => ({
  recognise: async () => ({ width: 1, height: 1, boxes: [] }),
  terminate: async () => {},
});

function setup(
  detections: Detection[],
  settings: Partial<FoodDetectorSettings> = {},
  extra: Parameters<typeof createNutritionAnalyser>[0] = {},
) {
  const calls: number[] = [];
  const detector: PhotoDetector = {
    name: 'stand-in detector',
    detect: async (bytes) => {
      calls.push(bytes.length);
      return detections;
    },
    close: async () => {},
  };
  const analyser = createNutritionAnalyser({
    ocr: blankOcr,
    detector: { order: 'before-vision', minConfidence: 0.3, ...settings },
    photoDetector: () => detector,
    ...extra,
  });
  const run = (options: Record<string, unknown> = {}) =>
    analyser.analyse({ kind: 'nutrition', bytes: tinyPng, mimeType: 'image/png', filename: null, options });
  return { run, calls };
}

const table = loadFoodTable();
const kcalPer100 = (id: string) => table.byId(id)?.per100g.energy_kcal ?? Number.NaN;

describe('photo detector recognition', () => {
  it('takes each confident food detection as one household measure of its table food', async () => {
    const { run } = setup([
      { label: 'banana', score: 0.71 },
      { label: 'dining table', score: 0.6 },
      { label: 'banana', score: 0.52 },
      { label: 'apple', score: 0.44 },
      { label: 'bowl', score: 0.4 },
      { label: 'apple', score: 0.12 },
    ]);
    const outcome = await run();
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as any;
    expect(result.recognised_by).toBe('photo detector');
    expect(result.dish_name).toBe('banana, apple');
    // 2 medium bananas (118 g) and one medium apple (182 g); the apple at 12 % is under the threshold.
    expect(result.ingredients.map((i: any) => [i.name, i.serving_size])).toEqual([
      ['banana', 236],
      ['apple', 182],
    ]);
    expect(result.serving_size).toBe(418);
    expect(result.ingredients[0].portion).toBe(
      '2 × medium (7" to 7-7/8" long) (118 g, USDA household measure); detected 2 × by the photo detector at 71 %, 52 % confidence',
    );
    expect(result.nutritional_fields.energy_kcal).toBeCloseTo(
      2.36 * kcalPer100('09040') + 1.82 * kcalPer100('09003'),
      0,
    );
    expect(result.dish_description).toContain(
      'stand-in detector): 2 × banana (71 %, 52 %), 1 × apple (44 %)',
    );
    expect(result.dish_description).toContain('not weighed');
  });

  it('says what it assumed for classes that cover different recipes', async () => {
    const outcome = await setup([{ label: 'pizza', score: 0.8 }]).run();
    if (!outcome.ok) throw new Error(outcome.error.message);
    const [pizza] = (outcome.result as any).ingredients;
    expect(pizza.matched_food).toBe('USDA SR24 21224: Pizza, cheese topping, regular crust, frozen, cooked');
    expect(pizza.portion).toContain('assumed cheese topping, regular crust');
  });

  it('fails with what it saw when nothing it sees is a food it knows', async () => {
    const outcome = await setup([
      { label: 'person', score: 0.52 },
      { label: 'bowl', score: 0.45 },
      { label: 'banana', score: 0.2 },
    ]).run();
    expect(outcome).toMatchObject({ ok: false, error: { code: 'food_not_recognised' } });
    const message = outcome.ok ? '' : outcome.error.message;
    expect(message).toContain(
      'the photo detector (stand-in detector) found none of the foods it knows (banana, apple, orange',
    );
    expect(message).toContain('at 30 % confidence or more');
    expect(message).toContain(
      'it saw person (52 %), bowl (45 %, a container, not a food), banana (20 %, under the threshold)',
    );
  });

  it('names a sandwich it cannot measure, and leaves it out beside foods it can', async () => {
    const alone = await setup([{ label: 'sandwich', score: 0.66 }]).run();
    expect(alone.ok ? '' : alone.error.message).toContain(
      "the photo detector saw sandwich (66 %): a sandwich's bread and filling cannot be told from a photo — send its ingredients",
    );
    const beside = await setup([
      { label: 'sandwich', score: 0.66 },
      { label: 'orange', score: 0.5 },
    ]).run();
    if (!beside.ok) throw new Error(beside.error.message);
    expect((beside.result as any).ingredients.map((i: any) => i.name)).toEqual(['orange']);
    expect((beside.result as any).dish_description).toContain('Left out: sandwich (66 %)');
  });

  it('says why when the detector cannot look at the photo', async () => {
    const analyser = createNutritionAnalyser({
      ocr: blankOcr,
      detector: { order: 'before-vision', minConfidence: 0.3 },
      photoDetector: () => ({
        name: 'failing detector',
        detect: async () => {
          throw new Error('it is 1×1 px, too small to show a food');
        },
        close: async () => {},
      }),
    });
    const outcome = await analyser.analyse({
      kind: 'nutrition',
      bytes: tinyPng,
      mimeType: 'image/png',
      filename: null,
      options: {},
    });
    expect(outcome.ok ? '' : outcome.error.message).toContain(
      'the photo detector could not look at the photo: it is 1×1 px, too small to show a food',
    );
  });

  it('follows the threshold it is configured with', async () => {
    const detections = [{ label: 'carrot', score: 0.35 }];
    expect((await setup(detections, { minConfidence: 0.3 }).run()).ok).toBe(true);
    expect((await setup(detections, { minConfidence: 0.4 }).run()).ok).toBe(false);
  });

  it('is not asked when the caller sent hints', async () => {
    const { run, calls } = setup([{ label: 'banana', score: 0.9 }]);
    const outcome = await run({ ingredients: '2 eggs' });
    expect(outcome).toMatchObject({ ok: true, result: { recognised_by: 'hints' } });
    expect(calls).toEqual([]);
  });

  it('comes before the vision endpoint, or after it when configured so', async () => {
    // Nothing listens on port 9: the vision endpoint fails at once and says so.
    const vision = { url: 'http://127.0.0.1:9/v1', model: 'm', key: null, timeoutMs: 2000 };
    const before = await setup([], { order: 'before-vision' }, { vision }).run();
    const after = await setup([], { order: 'after-vision' }, { vision }).run();
    const order = (outcome: typeof before) => {
      const message = outcome.ok ? '' : outcome.error.message;
      return message.indexOf('photo detector') < message.indexOf('vision endpoint');
    };
    expect(order(before)).toBe(true);
    expect(order(after)).toBe(false);
  });
});
