/**
 * Reading a receiver's `Retry-After` header: delta-seconds, or an HTTP-date in any of the three
 * forms RFC 9110 allows. Pure: the current time is a parameter.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 9110 §5.6.7. Hand-written on purpose: Date.parse accepts almost anything ("1" is the year
// 2001) and reads asctime-date as local time, and neither Node nor undici exports an HTTP-date parser.
const IMF_FIXDATE =
  /^(?:mon|tue|wed|thu|fri|sat|sun), (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const RFC850_DATE =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const ASCTIME_DATE =
  /^(?:mon|tue|wed|thu|fri|sat|sun) ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

function utc(year: number, month: string, day: number, h: number, m: number, s: number): number | null {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return null;
  const ms = Date.UTC(year, monthIndex, day, h, m, Math.min(s, 59));
  // Reject dates that Date.UTC silently rolls over (e.g. 31 Feb).
  return new Date(ms).getUTCDate() === day ? ms : null;
}

/** Parses an HTTP-date (IMF-fixdate, obsolete RFC 850 or asctime form) to epoch milliseconds. */
export function parseHttpDate(value: string, nowMs: number): number | null {
  const v = value.trim();
  let match = IMF_FIXDATE.exec(v);
  if (match) {
    const [, d, mon, y, h, m, s] = match;
    return utc(Number(y), mon!, Number(d), Number(h), Number(m), Number(s));
  }
  match = RFC850_DATE.exec(v);
  if (match) {
    const [, d, mon, yy, h, m, s] = match;
    // Two-digit year: RFC 9110 says a year more than 50 years in the future means the past century.
    let year = 2000 + Number(yy);
    if (year > new Date(nowMs).getUTCFullYear() + 50) year -= 100;
    return utc(year, mon!, Number(d), Number(h), Number(m), Number(s));
  }
  match = ASCTIME_DATE.exec(v);
  if (match) {
    const [, mon, d, h, m, s, y] = match;
    return utc(Number(y), mon!, Number(d!.trim()), Number(h), Number(m), Number(s));
  }
  return null;
}

/**
 * Parses a `Retry-After` header (delta-seconds or HTTP-date) into milliseconds from `nowMs`.
 * Returns null when absent or malformed; a date in the past yields 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : Number.MAX_SAFE_INTEGER;
  }
  const at = parseHttpDate(value, nowMs);
  return at === null ? null : Math.max(0, at - nowMs);
}
