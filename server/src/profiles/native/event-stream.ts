/**
 * The live event log (`GET /v1/events/stream`) as Server-Sent Events, for `docket listen` and the
 * console: `id:` is the event's seq, `event:` its type, `data:` the event as `/v1/events` shows
 * it. A client resumes with `Last-Event-ID` (what EventSource sends on reconnect) or `?after=`;
 * with neither it gets the events written from now on.
 *
 * New events are seen at once when this process finished the record (the record watcher's wake-up)
 * and within one poll of the event log otherwise (a separate `docket worker`, another API process,
 * PostgreSQL). Each connection holds at most one page of events and waits for the socket to drain
 * before reading more, so a slow reader costs bounded memory. On shutdown every stream is ended
 * so the server can close.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DocketEvent } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import type { Store } from '../../core/ports.ts';
import type { HttpContext } from '../../http/context.ts';
import { renderEvent } from './render.ts';
import { WEBHOOK_TAGS as tags } from './webhook-schemas.ts';

/** How a stream paces itself; the defaults suit production, tests pass shorter ones. */
export interface EventStreamOptions {
  /** A comment line this often keeps proxies and clients from timing the connection out. */
  heartbeatMs: number;
  /** How often an idle stream looks for events written by other processes. */
  pollMs: number;
  /** Events read from the log at a time (the per-connection memory bound). */
  pageSize: number;
  /** The reconnection delay suggested to clients (`retry:`). */
  retryMs: number;
}

export const EVENT_STREAM_DEFAULTS: EventStreamOptions = {
  heartbeatMs: 15_000,
  pollMs: 250,
  pageSize: 50,
  retryMs: 2000,
};

/** One frame per event; JSON.stringify never emits a raw line break, so `data:` is one line. */
function frame(event: DocketEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(renderEvent(event))}\n\n`;
}

/**
 * The highest seq of the application's events (0 for none), found with `list(after, 1)` probes:
 * doubling past the end, then halving the gap, about 2·log2(seq) indexed single-row reads. The
 * event repository has no "latest" query, and a stream opened without a cursor starts here.
 */
export async function latestSeq(store: Store, applicationId: string): Promise<number> {
  const firstAfter = async (seq: number) => (await store.events.list(applicationId, seq, 1))[0]?.seq;
  let low = await firstAfter(0); // an event with this seq exists
  if (low === undefined) return 0;
  let high = low * 2; // no event is known above `high` until probed
  for (let next = await firstAfter(high); next !== undefined; next = await firstAfter(high)) {
    low = next;
    high = next * 2;
  }
  // An event exists at `low` and none above `high`.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const next = await firstAfter(middle);
    if (next === undefined) high = middle;
    else low = next;
  }
  return low;
}

/** Wakes a sleeping stream early; a wake-up that comes while it is busy is kept for its next sleep. */
class Wakeup {
  #pending = false;
  #resolve: (() => void) | null = null;

  notify(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  async sleep(ms: number): Promise<void> {
    if (!this.#pending) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#resolve = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
      this.#resolve = null;
    }
    this.#pending = false;
  }
}

function resumePoint(request: FastifyRequest, after: number | undefined): number | undefined {
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && header.trim() !== '') {
    if (!/^\d+$/.test(header.trim())) {
      throw new DocketError('invalid', 'invalid_last_event_id', 'Last-Event-ID must be an event seq', {
        field: 'last-event-id',
      });
    }
    return Number(header.trim());
  }
  return after;
}

/** The types asked for (`type=a&type=b` or `type=a,b`), or null for every type. */
function typeFilter(types: readonly string[] | undefined): Set<string> | null {
  const wanted = (types ?? []).flatMap((t) => t.split(',')).map((t) => t.trim());
  return wanted.some(Boolean) ? new Set(wanted.filter(Boolean)) : null;
}

interface OpenStream {
  response: ServerResponse;
  wakeup: Wakeup;
  closed: boolean;
}

export function eventStreamRoutes(
  ctx: HttpContext,
  options: EventStreamOptions = EVENT_STREAM_DEFAULTS,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    const streams = new Map<OpenStream, Promise<void>>();
    // Without this, server.close() would wait for every open stream forever.
    app.addHook('preClose', async () => {
      for (const stream of streams.keys()) end(stream);
      await Promise.allSettled(streams.values());
    });

    function end(stream: OpenStream): void {
      if (stream.closed) return;
      stream.closed = true;
      stream.wakeup.notify();
      stream.response.end();
    }

    /** Writes; when the socket's buffer is full, waits until it drains (or the client left). */
    async function write(stream: OpenStream, text: string): Promise<void> {
      if (stream.closed || stream.response.write(text)) return;
      await new Promise<void>((resolve) => {
        stream.response.once('drain', resolve);
        stream.response.once('close', resolve);
      });
    }

    async function pump(stream: OpenStream, applicationId: string, after: number, types: Set<string> | null) {
      // One wanted type is filtered in SQL; several are filtered here, the cursor passing the rest.
      const only = types?.size === 1 ? [...types][0] : undefined;
      let cursor = after;
      while (!stream.closed) {
        const events = await ctx.store.events.list(applicationId, cursor, options.pageSize, only);
        for (const event of events) {
          if (stream.closed) return;
          cursor = event.seq;
          if (!types || types.has(event.type)) await write(stream, frame(event));
        }
        if (events.length < options.pageSize) await stream.wakeup.sleep(options.pollMs);
      }
    }

    app.get(
      '/v1/events/stream',
      {
        schema: {
          tags,
          summary: 'The event log, live, as Server-Sent Events (resume with Last-Event-ID or after)',
          description:
            '`id:` is the event seq, `event:` its type, `data:` the event as GET /v1/events shows it. ' +
            'Without Last-Event-ID or after, only events written from now on are sent. A `: heartbeat` ' +
            'comment comes every 15 s.',
          querystring: Type.Object({
            after: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Send events after this seq (0: from the start)' }),
            ),
            type: Type.Optional(
              Type.Array(Type.String(), {
                description: 'Only these event types (repeat, or comma-separate)',
              }),
            ),
          }),
          headers: Type.Object({
            'last-event-id': Type.Optional(
              Type.String({ description: 'The id of the last event received; wins over after' }),
            ),
          }),
          response: {
            200: {
              description: 'A text/event-stream that stays open',
              content: { 'text/event-stream': { schema: Type.String() } },
            },
          },
        },
      },
      async (request, reply) => {
        const { applicationId } = request;
        const types = typeFilter(request.query.type);
        const after =
          resumePoint(request, request.query.after) ?? (await latestSeq(ctx.store, applicationId));
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          // The stream is never reused for another request; closing it ends the socket with it.
          connection: 'close',
          'x-accel-buffering': 'no', // nginx: pass events through as they come
        });
        // An id-only frame dispatches no event but sets the client's last event id, so a client
        // that reconnects before any event arrived resumes from here rather than from "now".
        response.write(`retry: ${options.retryMs}\nid: ${after}\n\n`);
        const stream: OpenStream = { response, wakeup: new Wakeup(), closed: false };
        const unsubscribe = ctx.watcher.onTerminal((record) => {
          if (record.applicationId === applicationId) stream.wakeup.notify();
        });
        const heartbeat = setInterval(() => void write(stream, ': heartbeat\n\n'), options.heartbeatMs);
        response.once('close', () => {
          stream.closed = true;
          stream.wakeup.notify();
        });
        const done = pump(stream, applicationId, after, types)
          .catch((error: unknown) => {
            if (!stream.closed) request.log.error({ err: error }, 'event stream failed');
          })
          .finally(() => {
            clearInterval(heartbeat);
            unsubscribe();
            end(stream);
            streams.delete(stream);
          });
        streams.set(stream, done);
      },
    );
  };
}
