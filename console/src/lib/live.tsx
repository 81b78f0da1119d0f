/**
 * Keeps a page fresh: reloads on every event of the live stream (`/v1/events/stream`) and, as a
 * fallback and for changes that emit no event (a new upload, a stage change), every few seconds
 * while the tab is visible.
 */
import { useEffect, useRef, useState } from 'react';
import { followEvents } from '../api/events.ts';
import type { DocketEvent } from '../api/types.ts';
import { useConsole } from './console-context.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export function useLiveReload(
  reload: () => void,
  options: { pollMs?: number; onEvent?: (event: DocketEvent) => void } = {},
): LiveState {
  const { client } = useConsole();
  const [state, setState] = useState<LiveState>('connecting');
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const onEventRef = useRef(options.onEvent);
  onEventRef.current = options.onEvent;
  const pollMs = options.pollMs ?? 3000;

  useEffect(() => {
    const controller = new AbortController();
    void followEvents(client, {
      signal: controller.signal,
      onState: setState,
      onEvent: (event) => {
        onEventRef.current?.(event);
        reloadRef.current();
      },
    });
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reloadRef.current();
    }, pollMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [client, pollMs]);
  return state;
}

export function LiveIndicator({ state }: { state: LiveState }) {
  const text = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span className={`live ${state}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}
