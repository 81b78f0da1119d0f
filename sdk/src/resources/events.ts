/**
 * The event log: `list` pages through it after a seq; `stream` follows it live over Server-Sent
 * Events, reconnecting after a dropped connection from the last event it saw, so a consumer
 * neither misses nor repeats an event.
 */
import { createParser } from 'eventsource-parser';
import { call } from '../api.ts';
import { DocketApiError, DocketConnectionError } from '../errors.ts';
import { PageIterator } from '../pagination.ts';
import { backoffMs, type RetryPolicy } from '../retry.ts';
import type { Transport } from '../transport.ts';
import type { DocketEvent, EventPage } from '../types.ts';

/** Options of {@link Events.stream}. */
export interface StreamOptions {
  /**
   * Start after this seq (0: the whole log). Left out, the stream starts with the events written
   * from now on.
   */
  after?: number;
  /** Only these event types. */
  types?: string[];
  /** Ends the stream (the loop then finishes normally). */
  signal?: AbortSignal;
  /** Called when the connection dropped and the stream is about to reconnect. */
  onReconnect?: (info: { lastEventId: string | null; error: unknown }) => void;
  /** Called each time the connection is (re)established. */
  onOpen?: () => void;
}

/** A live stream of events: iterate it with `for await`; `lastEventId` is where it would resume. */
export interface EventStream extends AsyncIterable<DocketEvent> {
  readonly lastEventId: string | null;
  /**
   * Resolves once the first connection is open: every event written after that is delivered.
   * Await it before causing the events you want to see when the stream starts at "now".
   */
  readonly ready: Promise<void>;
}

/** A promise with its resolve and reject at hand (settling twice is a no-op). */
function settleable(): { promise: Promise<void>; resolve: () => void; reject: (reason: unknown) => void } {
  let resolve!: () => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

export class Events {
  readonly #transport: Transport;
  readonly #retry: RetryPolicy;

  constructor(transport: Transport, retry: RetryPolicy) {
    this.#transport = transport;
    this.#retry = retry;
  }

  /** The log, oldest first, after `after` (default 0), page by page as the loop asks. */
  list(
    query: { after?: number; type?: string; limit?: number } = {},
    options: { signal?: AbortSignal } = {},
  ): PageIterator<DocketEvent, EventPage, number> {
    const { after = 0, ...rest } = query;
    return new PageIterator<DocketEvent, EventPage, number>(
      async (cursor, signal) => {
        const page = await call(this.#transport, 'get', '/v1/events', {
          query: { ...rest, after: cursor ?? after },
          ...(signal ? { signal } : {}),
        });
        // A short page is the end of the log (for now: more may come; `stream` follows it live).
        return {
          page,
          items: page.data,
          next: page.data.length < (rest.limit ?? 100) ? null : page.next_after,
        };
      },
      after,
      options.signal,
    );
  }

  /**
   * Follows the log live. Reconnects with backoff (and the server's `retry:` hint) whenever the
   * connection drops, resuming after the last event received; an answer that retrying cannot
   * fix (401, 403, 404, 400) ends the loop with its error. Stop it with `signal` or by leaving
   * the loop.
   */
  stream(options: StreamOptions = {}): EventStream {
    const transport = this.#transport;
    const retry = this.#retry;
    const state = { lastEventId: options.after === undefined ? null : String(options.after) };
    const opened = settleable();
    async function* run(): AsyncGenerator<DocketEvent, void, undefined> {
      let serverRetryMs: number | null = null;
      let failures = 0;
      while (!options.signal?.aborted) {
        const connection = new AbortController();
        const onAbort = () => connection.abort(options.signal?.reason);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        let failure: unknown = null;
        try {
          const answer = await transport.request<Response>({
            method: 'GET',
            path: '/v1/events/stream',
            query: { type: options.types },
            headers: {
              accept: 'text/event-stream',
              ...(state.lastEventId !== null ? { 'last-event-id': state.lastEventId } : {}),
            },
            expect: 'response',
            timeoutMs: null,
            maxRetries: 0, // this loop does the reconnecting
            signal: connection.signal,
          });
          opened.resolve();
          options.onOpen?.();
          // Each frame's id, with its event unless it was an id-only frame (the resume point).
          const pending: Array<{ id: string; event: DocketEvent | null }> = [];
          const parser = createParser({
            onId: (id) => pending.push({ id, event: null }),
            onEvent: (message) => {
              if (!message.data) return;
              const event = JSON.parse(message.data) as DocketEvent;
              const last = pending.at(-1);
              if (last && last.event === null && last.id === message.id) last.event = event;
              else pending.push({ id: message.id ?? String(event.seq), event });
            },
            onRetry: (ms) => {
              serverRetryMs = ms;
            },
          });
          const reader = answer.data.body!.pipeThrough(new TextDecoderStream()).getReader();
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              parser.feed(value);
              failures = 0;
              for (let next = pending.shift(); next; next = pending.shift()) {
                // Moved before the yield: a consumer that stops here has received this event.
                state.lastEventId = next.id;
                if (next.event) yield next.event;
              }
            }
          } finally {
            reader.cancel().catch(() => {});
          }
          failure = new DocketConnectionError('the event stream ended');
        } catch (error) {
          if (options.signal?.aborted) return;
          const permanent = error instanceof DocketApiError && error.status !== 429 && error.status < 500;
          if (permanent) {
            opened.reject(error);
            throw error;
          }
          failure = error;
        } finally {
          options.signal?.removeEventListener('abort', onAbort);
          connection.abort();
        }
        options.onReconnect?.({ lastEventId: state.lastEventId, error: failure });
        const delay = Math.max(serverRetryMs ?? 0, failures === 0 ? 0 : backoffMs(retry, failures - 1));
        failures++;
        try {
          await retry.sleep(delay, options.signal);
        } catch {
          return; // aborted while waiting
        }
      }
    }
    // The stream connects as soon as it is made (not when the loop first asks), so that with no
    // `after` it starts at the moment `stream()` was called; the first item is already on its way.
    const generator = run();
    const first = generator.next();
    first.catch(() => {}); // the consumer sees it; never an unhandled rejection
    let primed = true;
    const iterator: AsyncIterator<DocketEvent> = {
      next: () => {
        if (!primed) return generator.next();
        primed = false;
        return first;
      },
      return: (value?: unknown) => generator.return(value as undefined),
    };
    options.signal?.addEventListener('abort', () => opened.reject(options.signal?.reason), { once: true });
    return {
      get lastEventId() {
        return state.lastEventId;
      },
      ready: opened.promise,
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}
