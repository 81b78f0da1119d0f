import { describe, expect, it } from 'vitest';
import { FormProblem } from './form-problem.ts';
import { lineItemsBody, lineItemsState, namedGroups, toFormMode, toJsonMode } from './line-item-form.ts';

const stored = [
  {
    name: 'lines',
    blocks: [
      {
        start: 'Description',
        end: 'Total',
        line: ['^(?<description>.+?)\\s{2,}(?<qty>\\d+)\\s{2,}(?<amount>[\\d.]+)$'],
        skip_line: ['^-+$'],
        types: { qty: 'number', amount: 'money' },
      },
    ],
  },
];

describe('line items in the form', () => {
  it('reads stored line items into rows and writes back the same definition', () => {
    const state = lineItemsState(stored);
    expect(state.mode).toBe('form');
    if (state.mode !== 'form') return;
    expect(state.lists[0]!.blocks[0]!).toMatchObject({ start: 'Description', skipLine: '^-+$' });
    expect(lineItemsBody(state)).toEqual(stored);
  });

  it('finds the columns of a row pattern and keeps types only for them', () => {
    expect(namedGroups('(?<a>x) (?<b>y)\n(?<a>z)')).toEqual(['a', 'b']);
    const state = lineItemsState(stored);
    if (state.mode !== 'form') throw new Error('form expected');
    const block = { ...state.lists[0]!.blocks[0]!, line: '^(?<description>.+?)\\s+(?<amount>[\\d.]+)$' };
    const body = lineItemsBody({ mode: 'form', lists: [{ name: 'lines', blocks: [block] }] }) as any[];
    expect(body[0].blocks[0].types).toEqual({ amount: 'money' });
  });

  it('says what a block lacks: markers, a row pattern, named groups', () => {
    const problem = (block: Record<string, string>) => {
      const base = {
        start: 'A',
        end: 'B',
        line: '(?<x>.+)',
        firstLine: '',
        lastLine: '',
        skipLine: '',
        types: {},
      };
      try {
        lineItemsBody({ mode: 'form', lists: [{ name: 'lines', blocks: [{ ...base, ...block }] }] });
      } catch (e) {
        expect(e).toBeInstanceOf(FormProblem);
        return (e as Error).message;
      }
      return null;
    };
    expect(problem({ start: ' ' })).toMatch(/block 1: the start marker is empty/);
    expect(problem({ line: '' })).toMatch(/add a row pattern/);
    expect(problem({ line: '(\\d+)' })).toMatch(/named groups/);
    expect(problem({})).toBeNull();
  });

  it('switches between the form and JSON, keeping anything the form cannot show as JSON', () => {
    const json = toJsonMode(lineItemsState(stored));
    expect(json.mode === 'json' && JSON.parse(json.json)).toEqual(stored);
    expect(toFormMode(json)).toEqual(lineItemsState(stored));
    const odd = lineItemsState([
      { name: 'x', blocks: [{ start: 'a', end: 'b', line: ['(?<c>.)'], extra: 1 }] },
    ]);
    expect(odd.mode).toBe('json');
    expect(() => toFormMode(odd)).toThrow(/parts the form cannot show/);
  });
});
