/**
 * The COCO object classes that are foods, and what Docket takes each to be: one SR24 food and one
 * of its household measures per detected object. A detector sees a class ("pizza"), not a recipe,
 * so each entry is the class's plainest table food, and `assumed` says so in the result. Classes
 * whose make-up a photo cannot tell at all (a sandwich: bread, but what filling?) map to no food.
 */

/** What one detected object of a COCO food class is taken to be. */
export interface CocoFood {
  /** The SR24 food (NDB number). */
  foodId: string;
  /** The household measure one detected object is (`medium`, `cup`, `slice`...), as `portion.ts` reads units. */
  unit: string;
  /** Said in the ingredient's portion when the class covers foods of different make-up. */
  assumed?: string;
}

/** A COCO food class that Docket recognises but cannot turn into nutrients, and why. */
export interface UnmappedCocoFood {
  unmapped: string;
}

/**
 * COCO's ten food classes (bowl and cup are containers: they say nothing of what is in them and
 * are not listed). Each mapping is checked against the shipped table by `coco-foods.test.ts`.
 */
export const COCO_FOODS: Readonly<Record<string, CocoFood | UnmappedCocoFood>> = {
  banana: { foodId: '09040', unit: 'medium' },
  apple: { foodId: '09003', unit: 'medium' },
  orange: { foodId: '09200', unit: 'fruit' },
  broccoli: { foodId: '11090', unit: 'cup', assumed: 'raw, one cup chopped per detected head' },
  carrot: { foodId: '11124', unit: 'medium', assumed: 'raw' },
  'hot dog': { foodId: '21118', unit: 'sandwich', assumed: 'plain, in a bun' },
  pizza: {
    foodId: '21224',
    unit: 'serving',
    assumed: 'cheese topping, regular crust; one slice-sized serving',
  },
  donut: { foodId: '18250', unit: 'medium', assumed: 'cake-type, sugared or glazed' },
  cake: { foodId: '18141', unit: 'piece', assumed: 'yellow cake with vanilla frosting, one piece' },
  sandwich: { unmapped: "a sandwich's bread and filling cannot be told from a photo" },
};

/** The COCO classes that are containers of food, not food. */
export const COCO_CONTAINERS: ReadonlySet<string> = new Set(['bowl', 'cup', 'wine glass', 'bottle']);
