import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter } from './retry-after.ts';

const S = 1000;
const MIN = 60 * S;

describe('Retry-After', () => {
  const now = Date.UTC(2024, 0, 15, 10, 30, 0);

  it('parses delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * S);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('99999999999999999999', now)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('parses the three HTTP-date forms as GMT', () => {
    expect(parseRetryAfter('Mon, 15 Jan 2024 10:32:00 GMT', now)).toBe(2 * MIN);
    expect(parseRetryAfter('Monday, 15-Jan-24 10:32:00 GMT', now)).toBe(2 * MIN);
    expect(parseRetryAfter('Mon Jan 15 10:32:00 2024', now)).toBe(2 * MIN);
    expect(parseRetryAfter('Sun Jan  7 10:30:00 2024', now)).toBe(0); // past: retry now
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it.each([
    '',
    'soon',
    '-5',
    '1.5',
    '1',
    '2024-01-15T10:32:00Z',
    'Mon, 31 Feb 2024 10:32:00 GMT',
    'Mon, 15 Jan 2024 25:00:00 GMT',
  ])('ignores malformed value %j', (value) => {
    // '1' is valid delta-seconds; everything else must be ignored rather than guessed.
    if (value === '1') expect(parseRetryAfter(value, now)).toBe(1000);
    else expect(parseRetryAfter(value, now)).toBeNull();
  });
});
