import type { Clock } from './ports.ts';

/** The wall clock. */
export function systemClock(): Clock {
  return { now: () => new Date() };
}

/** A clock tests move by hand. */
export function manualClock(
  start = new Date('2026-01-01T00:00:00Z'),
): Clock & { advance(ms: number): void; set(at: Date): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(at: Date) {
      current = at.getTime();
    },
  };
}
