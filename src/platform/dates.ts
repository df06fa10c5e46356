import { z } from 'zod';

/**
 * Dates a case can really carry. A year like 0000 or 10000 is a typo, and accepting one would leave
 * an activity (calendar, PostgreSQL) failing on every retry; so every date from outside is bounded.
 */
const EARLIEST_DATE = '2000-01-01';
const LATEST_DATE = '2099-12-31';
const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const END_OF_RANGE = Date.parse('2100-01-01T00:00:00Z');
const outOfRange = `must lie between ${EARLIEST_DATE} and ${LATEST_DATE}`;

/**
 * The century, as the OpenAPI document states it (a schema has no "between" for dates). Only the
 * document says it: the refinements are the rule, and commands already recorded under them replay.
 */
const CENTURY_PATTERN = { pattern: '^20\\d\\d-' };

/** A calendar date, YYYY-MM-DD. */
export const caseDate = z.iso
  .date({ error: 'expected a date written YYYY-MM-DD', abort: true })
  .refine((date) => date >= EARLIEST_DATE && date <= LATEST_DATE, { message: outOfRange, abort: true })
  .meta(CENTURY_PATTERN);

/** An instant, ISO 8601 with an offset. */
export const caseInstant = z.iso
  .datetime({
    offset: true,
    error: 'expected an ISO 8601 date-time with an offset, e.g. 2031-03-10T14:30:00Z',
    abort: true,
  })
  .refine((instant) => Date.parse(instant) >= EARLIEST_INSTANT && Date.parse(instant) < END_OF_RANGE, {
    message: outOfRange,
    abort: true,
  })
  .meta(CENTURY_PATTERN);

const DAY_MS = 86_400_000;
/** How far ahead a partner may date the work it owes: a date beyond this is a typo, not a plan. */
export const PARTNER_DATE_HORIZON_DAYS = 365;
/** A partner's clock may run a little ahead of ours. */
const PARTNER_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Why a partner's date (YYYY-MM-DD or an instant) cannot be right for work requested at
 * `requestedAt`, or undefined. Work is neither done nor due before it was asked for; work done is
 * not done in the future; work due is due within a year. A date-only value counts as its whole day.
 */
export function partnerDateProblem(
  date: string,
  kind: 'done' | 'due',
  at: { requestedAt: string; now: string },
): string | undefined {
  const dateOnly = date.length === 10;
  const startsAt = Date.parse(dateOnly ? `${date}T00:00:00Z` : date);
  const endsAt = dateOnly ? startsAt + DAY_MS : startsAt;
  const requestedAt = Date.parse(at.requestedAt);
  const now = Date.parse(at.now);
  if (endsAt <= requestedAt) return `must be after the request (${at.requestedAt})`;
  if (kind === 'done' && startsAt > now + PARTNER_CLOCK_SKEW_MS)
    return `must not be in the future (it is now ${at.now})`;
  if (kind === 'due' && startsAt > now + PARTNER_DATE_HORIZON_DAYS * DAY_MS)
    return `must be within ${PARTNER_DATE_HORIZON_DAYS} days`;
  return undefined;
}
