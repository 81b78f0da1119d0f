import { describe, expect, it } from 'vitest';
import { SameThreadPort } from './same-thread-worker.ts';

const received = (port: SameThreadPort) => {
  const seen: unknown[] = [];
  port.addEventListener('message', (event) => seen.push(event.data));
  return seen;
};

describe('SameThreadPort', () => {
  it('delivers messages after the post returns, in the order they were posted, to every listener', async () => {
    const port = new SameThreadPort();
    const first = received(port);
    const second = received(port);
    port.postMessage({ n: 1 });
    port.postMessage({ n: 2 });
    expect(first).toEqual([]); // not yet: pdfjs's handlers expect asynchronous delivery
    await Promise.resolve();
    await Promise.resolve();
    expect(first).toEqual([{ n: 1 }, { n: 2 }]);
    expect(second).toEqual(first);
  });

  it('hands a message over without copying it', async () => {
    const port = new SameThreadPort();
    const seen = received(port);
    const data = { pages: [1, 2], bytes: new Uint8Array(4) };
    port.postMessage(data);
    await Promise.resolve();
    expect(seen[0]).toBe(data);
  });

  it('delivers a stream chunk as it was posted, although the sender then replaces its items', async () => {
    const port = new SameThreadPort();
    const seen = received(port);
    // What pdfjs's text extraction does: post the chunk, then start the next one in the same object.
    const chunk: { items: { str: string }[]; styles: Record<string, object> } = {
      items: [{ str: 'Glucose' }],
      styles: { f1: {} },
    };
    port.postMessage({ stream: 4, streamId: 1, chunk });
    chunk.items = [];
    chunk.styles = {};
    await Promise.resolve();
    expect(seen).toEqual([
      { stream: 4, streamId: 1, chunk: { items: [{ str: 'Glucose' }], styles: { f1: {} } } },
    ]);
  });

  it('stops delivering to a listener when it is removed or its signal aborts', async () => {
    const port = new SameThreadPort();
    const removed: unknown[] = [];
    const aborted: unknown[] = [];
    const onRemoved = (event: { data: unknown }) => removed.push(event.data);
    const controller = new AbortController();
    port.addEventListener('message', onRemoved);
    port.addEventListener('message', (event) => aborted.push(event.data), { signal: controller.signal });
    port.postMessage('before');
    await Promise.resolve();
    port.removeEventListener('message', onRemoved);
    controller.abort();
    port.postMessage('after');
    await Promise.resolve();
    expect(removed).toEqual(['before']);
    expect(aborted).toEqual(['before']);
  });
});
