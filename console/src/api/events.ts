/**
 * Follows `GET /v1/events/stream` (Server-Sent Events) with fetch, because EventSource cannot
 * send the API key header. Reconnects with the last seq seen after a dropped connection, so no
 * event is missed; the caller stops it with the signal.
 */
import type { ApiClient } from './client.ts';
import type { DocketEvent } from './types.ts';

export interface FollowOptions {
  /** The seq to continue after; from now on when omitted. */
  after?: number;
  onEvent: (event: DocketEvent) => void;
  /** Connection state, for a "live" indicator. */
  onState?: (state: 'live' | 'reconnecting') => void;
  signal: AbortSignal;
}

/** Splits an SSE byte stream into `data:` payloads (one per event) and their `id:`s. */
export function parseSseChunk(buffer: string): {
  frames: Array<{ id?: string; data: string }>;
  rest: string;
} {
  const frames: Array<{ id?: string; data: string }> = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) frames.push({ ...(id === undefined ? {} : { id }), data: data.join('\n') });
  }
  return { frames, rest };
}

export async function followEvents(client: ApiClient, options: FollowOptions): Promise<void> {
  let after = options.after;
  let delay = 500;
  while (!options.signal.aborted) {
    try {
      const url = `${client.baseUrl}/v1/events/stream${after === undefined ? '' : `?after=${after}`}`;
      const response = await fetch(url, {
        headers: { ...client.authHeaders(), accept: 'text/event-stream' },
        signal: options.signal,
      });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      options.onState?.('live');
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseSseChunk(buffer + value);
        buffer = parsed.rest;
        for (const frame of parsed.frames) {
          const event = JSON.parse(frame.data) as DocketEvent;
          after = event.seq;
          options.onEvent(event);
        }
      }
    } catch (error) {
      if (options.signal.aborted) return;
      void error;
    }
    if (options.signal.aborted) return;
    options.onState?.('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}
