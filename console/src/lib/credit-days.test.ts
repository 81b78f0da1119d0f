import { describe, expect, it } from 'vitest';
import { fillCreditDays, utcDay } from './credit-days.ts';

describe('credits per day', () => {
  const now = Date.parse('2026-12-04T18:00:00Z');

  it('names UTC days counting back from today', () => {
    expect(utcDay(now)).toBe('2026-12-04');
    expect(utcDay(now, 4)).toBe('2026-11-30');
  });

  it('fills the quiet days of the period with zeros, oldest first, and keeps the reported ones', () => {
    const days = fillCreditDays(3, [{ date: '2026-12-03', credits: 5, jobs: 2 }], now);
    expect(days).toEqual([
      { date: '2026-12-02', credits: 0, jobs: 0 },
      { date: '2026-12-03', credits: 5, jobs: 2 },
      { date: '2026-12-04', credits: 0, jobs: 0 },
    ]);
  });

  it('leaves out days outside the period', () => {
    expect(fillCreditDays(1, [{ date: '2026-11-01', credits: 9, jobs: 9 }], now)).toEqual([
      { date: '2026-12-04', credits: 0, jobs: 0 },
    ]);
  });
});
