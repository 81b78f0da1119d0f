import { describe, expect, it, vi } from 'vitest';
import { BatchWriter } from './batch-writer.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(options: { windowMs?: number; maxBatch?: number; failFirst?: boolean } = {}) {
  const batches: number[][] = [];
  const errors: { message: string; items: readonly number[] }[] = [];
  let writes = 0;
  let concurrent = 0;
  let mostConcurrent = 0;
  const writer = new BatchWriter<number>({
    windowMs: options.windowMs ?? 20,
    maxBatch: options.maxBatch ?? 100,
    write: async (items) => {
      mostConcurrent = Math.max(mostConcurrent, ++concurrent);
      try {
        await tick(1);
        if (options.failFirst && writes++ === 0) throw new Error('disk full');
        batches.push(items);
      } finally {
        concurrent--;
      }
    },
    onError: (error, items) => errors.push({ message: (error as Error).message, items }),
  });
  return { writer, batches, errors, mostConcurrent: () => mostConcurrent };
}

describe('BatchWriter', () => {
  it('writes what arrives within one window as one batch, in order', async () => {
    vi.useFakeTimers();
    try {
      const { writer, batches } = recorder();
      writer.add(1);
      writer.add(2);
      writer.add(3);
      await vi.advanceTimersByTimeAsync(19);
      expect(batches).toEqual([]);
      await vi.advanceTimersByTimeAsync(2); // the 20 ms window closes; the write takes 1 ms
      expect(batches).toEqual([[1, 2, 3]]);
      writer.add(4);
      await vi.advanceTimersByTimeAsync(21);
      expect(batches).toEqual([[1, 2, 3], [4]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes a full batch at once, one write at a time, and what arrived meanwhile right after', async () => {
    const { writer, batches, mostConcurrent } = recorder({ windowMs: 10_000, maxBatch: 2 });
    for (const n of [1, 2, 3, 4, 5]) writer.add(n);
    await writer.flush();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(mostConcurrent()).toBe(1);
  });

  it('flush writes what waits and resolves after every write; close refuses later items', async () => {
    const { writer, batches } = recorder({ windowMs: 10_000 });
    writer.add(7);
    await writer.flush();
    expect(batches).toEqual([[7]]);
    await writer.flush(); // nothing waiting: still resolves
    writer.add(8);
    await writer.close();
    expect(batches).toEqual([[7], [8]]);
    expect(writer.add(9)).toBe(false);
    await writer.flush();
    expect(batches).toEqual([[7], [8]]);
  });

  it('reports a failed write with its items, and writes later batches', async () => {
    const { writer, batches, errors } = recorder({ failFirst: true, windowMs: 10_000 });
    writer.add(1);
    await writer.flush();
    writer.add(2);
    await writer.flush();
    expect(errors).toEqual([{ message: 'disk full', items: [1] }]);
    expect(batches).toEqual([[2]]);
  });
});
