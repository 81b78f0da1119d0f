/**
 * pdfjs's worker side, run in this thread behind a port that does not copy its messages.
 *
 * In Node, pdfjs has no Web Worker and falls back to a "fake worker": its worker code in the same
 * thread, behind a `LoopbackPort` that passes every message through `structuredClone`, as a real
 * worker boundary would. Reading a document's text sends its text content in chunks of items;
 * cloning them, and collecting the clones, made the analysis of a one-page PDF about a quarter
 * slower (2.0 against 1.5 ms of CPU in a hot loop). Both ends are in one thread, and what a sender
 * keeps using after posting is a text chunk's object, whose `items` and `styles` the worker
 * replaces once the chunk is sent: a stream chunk is delivered as a shallow copy, the rest as it
 * was posted (a buffer listed for transfer is the sender's no longer in any case).
 *
 * Only documents opened for text use it: a document drawn for OCR keeps pdfjs's own fake worker,
 * whose image data crosses the port with transfers.
 */

// The worker module's types, for every program that compiles this file (the SDK's and the bench's too).
/// <reference path="./pdfjs-worker.d.ts" />
import type { PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let workerModule: Promise<typeof import('pdfjs-dist/legacy/build/pdf.worker.mjs')> | null = null;
type Listener = (this: SameThreadPort, event: { data: unknown }) => void;

/**
 * The message port both ends of pdfjs share (its `MessageHandler`s tell their messages apart by
 * source and target names). Delivery is asynchronous and in order, one microtask per message, as
 * with pdfjs's `LoopbackPort`; only the clone is left out.
 */
export class SameThreadPort {
  readonly #listeners = new Map<Listener, (() => void) | null>();

  postMessage(data: unknown): void {
    const message = data as { chunk?: object } | null;
    const event = { data: message?.chunk ? { ...message, chunk: { ...message.chunk } } : data };
    queueMicrotask(() => {
      for (const listener of [...this.#listeners.keys()]) listener.call(this, event);
    });
  }

  addEventListener(_type: 'message', listener: Listener, options?: { signal?: AbortSignal }): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let unlink: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this.removeEventListener('message', listener);
      signal.addEventListener('abort', onAbort, { once: true });
      unlink = () => signal.removeEventListener('abort', onAbort);
    }
    this.#listeners.set(listener, unlink);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }
}

/**
 * A pdfjs worker for documents read for text: give it to `getDocument({ worker })`. pdfjs leaves
 * a worker it was given alone when a document is destroyed, so one serves many documents, as
 * `load.ts` uses it; `destroy()` ends it.
 */
export async function sameThreadWorker(pdfjs: PdfJs): Promise<PDFWorker> {
  // Imported once per thread, as `loadPdfJs` does: an `import()` per document was about 1 % of an
  // analyser thread's time.
  workerModule ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const { WorkerMessageHandler } = await workerModule;
  const port = new SameThreadPort();
  WorkerMessageHandler.initializeFromPort(port);
  // pdfjs's types declare `port` for browsers (a Web Worker); any object with its three methods serves.
  type Options = NonNullable<ConstructorParameters<PdfJs['PDFWorker']>[0]>;
  return new pdfjs.PDFWorker({ port, verbosity: 0 } as unknown as Options);
}
