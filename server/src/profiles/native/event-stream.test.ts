import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { DocketEvent } from '../../core/domain.ts';
import type { Store } from '../../core/ports.ts';
import type { HttpContext } from '../../http/context.ts';
import { eventStreamRoutes, latestSeq } from './event-stream.ts';

function eventAt(seq: number, type = 'record.completed'): DocketEvent {
  return {
    id: `evt-${seq}`,
    seq,
    applicationId: 'app',
    type,
    recordId: `rec-${seq}`,
    data: { n: seq },
    createdAt: new Date(0),
  };
}

/** A store whose event log holds `seqs` and counts the reads. */
function storeWith(seqs: number[]) {
  const reads = { count: 0 };
  const events = seqs.map((seq) => eventAt(seq));
  const store = {
    events: {
      list: async (_app: string, after: number, limit: number, type?: string) => {
        reads.count++;
        return events.filter((e) => e.seq > after && (!type || e.type === type)).slice(0, limit);
      },
    },
  } as unknown as Store;
  return { store, reads };
}

describe('latestSeq', () => {
  it('finds the highest seq with a logarithmic number of single-row reads', async () => {
    expect(await latestSeq(storeWith([]).store, 'app')).toBe(0);
    expect(await latestSeq(storeWith([1]).store, 'app')).toBe(1);
    expect(await latestSeq(storeWith([5, 6]).store, 'app')).toBe(6);
    const sparse = storeWith([3, 5, 6, 17, 1000, 1001, 4097]);
    expect(await latestSeq(sparse.store, 'app')).toBe(4097);
    const dense = storeWith(Array.from({ length: 100_000 }, (_, i) => i + 1));
    expect(await latestSeq(dense.store, 'app')).toBe(100_000);
    expect(dense.reads.count).toBeLessThan(2 * Math.log2(100_000) + 4);
  });
});

describe('the stream route', () => {
  async function serve(seqs: number[]) {
    const { store } = storeWith(seqs);
    const ctx = { store, watcher: { onTerminal: () => () => {} } } as unknown as HttpContext;
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    app.decorateRequest('applicationId', '');
    app.addHook('onRequest', async (request) => {
      request.applicationId = 'app';
    });
    await app.register(eventStreamRoutes(ctx, { heartbeatMs: 20, pollMs: 10, pageSize: 2, retryMs: 5 }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, address };
  }

  it('pages through the log in order, then keeps the connection alive with heartbeats', async () => {
    const { app, address } = await serve([1, 2, 3, 4, 5]);
    const controller = new AbortController();
    try {
      const response = await fetch(`${address}/v1/events/stream?after=1`, { signal: controller.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes(': heartbeat')) text += (await reader.read()).value ?? '';
      expect(text.startsWith('retry: 5\nid: 1\n\n')).toBe(true);
      // The resume point first (an id-only frame), then each event after it.
      expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5]);
      expect([...text.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!).seq)).toEqual([2, 3, 4, 5]);
    } finally {
      controller.abort();
      await app.close();
    }
  });
});
