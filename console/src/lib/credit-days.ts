/**
 * Credits per day for the usage page: `GET /v1/usage` lists only the UTC days on which jobs
 * completed, so a chart of a period needs the quiet days filled in as zeros.
 */

/** One UTC day of `GET /v1/usage`'s `days`. */
export interface CreditDay {
  date: string;
  credits: number;
  jobs: number;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day `offset` days before `now`'s. */
export function utcDay(now: number, offset = 0): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS - offset * DAY_MS).toISOString().slice(0, 10);
}

/** The `days` UTC days ending today, oldest first, with the server's figures or zeros. */
export function fillCreditDays(days: number, reported: readonly CreditDay[], now = Date.now()): CreditDay[] {
  const byDate = new Map(reported.map((d) => [d.date, d]));
  return Array.from({ length: days }, (_, i) => {
    const date = utcDay(now, days - 1 - i);
    return byDate.get(date) ?? { date, credits: 0, jobs: 0 };
  });
}
