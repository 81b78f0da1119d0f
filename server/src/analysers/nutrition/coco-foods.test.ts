/** The COCO food classes' foods and portions, checked against the shipped SR24 table. */
import { describe, expect, it } from 'vitest';
import { COCO_FOODS } from './coco-foods.ts';
import { loadFoodTable } from './food-table.ts';
import { portionOf } from './portion.ts';

const table = loadFoodTable();

/** The class → the food SR24 lists and the grams of one detected object (its household measure). */
const EXPECTED: Record<string, [RegExp, number]> = {
  banana: [/^Bananas, raw$/, 118],
  apple: [/^Apples, raw, with skin$/, 182],
  orange: [/^Oranges, raw/, 131],
  broccoli: [/^Broccoli, raw$/, 91],
  carrot: [/^Carrots, raw$/, 61],
  'hot dog': [/hotdog, plain/, 98],
  pizza: [/^Pizza, cheese topping, regular crust/, 81],
  donut: [/^Doughnuts, cake-type, plain, sugared or glazed$/, 45],
  cake: [/^Cake, yellow, commercially prepared, with vanilla frosting$/, 64],
};

describe('COCO food classes', () => {
  it.each(Object.entries(EXPECTED))('%s is a table food with a household measure', (label, [name, grams]) => {
    const mapping = COCO_FOODS[label];
    if (!mapping || 'unmapped' in mapping) throw new Error(`${label} is not mapped`);
    const food = table.byId(mapping.foodId);
    expect(food?.name).toMatch(name);
    if (!food) return;
    const portion = portionOf({ text: label, name: label, quantity: 1, unit: mapping.unit }, food);
    expect(portion?.grams).toBeCloseTo(grams, 5);
    expect(portion?.basis).toContain('USDA household measure');
  });

  it('maps no food to a sandwich, whose filling a photo does not show', () => {
    expect(COCO_FOODS.sandwich).toEqual({ unmapped: expect.stringContaining('filling') });
    expect(Object.keys(COCO_FOODS).sort()).toEqual([...Object.keys(EXPECTED), 'sandwich'].sort());
  });
});
