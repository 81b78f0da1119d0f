import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(options: { windowMs?: number; maxBatch?: number; fail?: boolean } = {}) {
  const batches: number[][] = [];
  const errors: { message: string; items: readonly number[] }[] = [];
  const writer = new BatchWriter<number>({
    windowMs: options.windowMs ?? 20,
    maxBatch: options.maxBatch ?? 100,
    write: async (items) => {
      if (options.fail) throw new Error('disk full');
      batches.push(items);
    },
    onError: (error, items) => errors.push({ message: (error as Error).message, items }),
  });
  return { writer, batches, errors };
}

describe('BatchWriter', () => {
  it('writes what arrives within one window as one batch, in order', async () => {
    const { writer, batches } = recorder();
    writer.add(1);
    writer.add(2);
    writer.add(3);
    expect(batches).toEqual([]);
    await tick(40);
    expect(batches).toEqual([[1, 2, 3]]);
    writer.add(4);
    await tick(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('writes a full batch at once without waiting for the window', async () => {
    const { writer, batches } = recorder({ windowMs: 10_000, maxBatch: 2 });
    writer.add(1);
    writer.add(2);
    writer.add(3);
    await tick(0);
    expect(batches).toEqual([[1, 2]]);
    await writer.flush();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('flush writes what waits and resolves after every started write', async () => {
    const { writer, batches } = recorder({ windowMs: 10_000 });
    writer.add(7);
    await writer.flush();
    expect(batches).toEqual([[7]]);
    await writer.flush(); // nothing waiting: still resolves
  });

  it('reports a failed write with its items, and keeps writing later batches', async () => {
    const failing = recorder({ fail: true });
    failing.writer.add(1);
    await failing.writer.flush();
    expect(failing.errors).toEqual([{ message: 'disk full', items: [1] }]);
  });
});
