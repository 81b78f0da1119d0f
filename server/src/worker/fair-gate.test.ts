import { describe, expect, it } from 'vitest';
import { FairGate } from './fair-gate.ts';

describe('FairGate', () => {
  it('lets waiters in by turns across lanes, not first come first served', async () => {
    const gate = new FairGate(1);
    const order: string[] = [];
    const hold = await gate.enter('a');
    // Lane a queues five, then lane b one: b must not wait behind all of a's.
    const entries = ['a1', 'a2', 'a3', 'a4', 'a5', 'b1'].map((name) =>
      gate.enter(name[0]!).then((release) => {
        order.push(name);
        release();
      }),
    );
    expect(gate.waiting).toBe(6);
    hold();
    await Promise.all(entries);
    expect(order).toEqual(['a1', 'b1', 'a2', 'a3', 'a4', 'a5']);
    expect(gate.waiting).toBe(0);
  });

  it('never lets more than its slots in, and a double release frees one slot only', async () => {
    const gate = new FairGate(2);
    const first = await gate.enter('x');
    await gate.enter('x');
    let third = false;
    const pending = gate.enter('y').then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    first();
    first();
    await pending;
    expect(third).toBe(true);
    let fourth = false;
    void gate.enter('z').then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(fourth).toBe(false);
  });
});
