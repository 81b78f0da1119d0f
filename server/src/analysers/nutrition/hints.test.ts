import { describe, expect, it } from 'vitest';
import { parseIngredients } from './hints.ts';

describe('ingredient hints', () => {
  it('reads quantities, units and names the way people write them', () => {
    const items = parseIngredients(
      '150 g grilled chicken breast, 2 cups romaine, half an avocado, 1 1/2 cups rice; 1½ tbsp olive oil\n30g parmesan and 2 eggs, chicken breast (150 g), two slices of bread, 1,5 kg potatoes, 8 fl oz orange juice, romaine',
    );
    expect(items.map(({ name, quantity, unit }) => [name, quantity, unit])).toEqual([
      ['grilled chicken breast', 150, 'g'],
      ['romaine', 2, 'cup'],
      ['avocado', 0.5, null],
      ['rice', 1.5, 'cup'],
      ['olive oil', 1.5, 'tbsp'],
      ['parmesan', 30, 'g'],
      ['eggs', 2, null],
      ['chicken breast', 150, 'g'],
      ['bread', 2, 'slice'],
      ['potatoes', 1.5, 'kg'],
      ['orange juice', 8, 'fl oz'],
      ['romaine', null, null],
    ]);
  });

  it('ignores empty items', () => {
    expect(parseIngredients(' , ;\n')).toEqual([]);
  });
});
