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

/** A calendar date, YYYY-MM-DD. */
export const caseDate = z.iso
  .date({ error: 'expected a date written YYYY-MM-DD', abort: true })
  .refine((date) => date >= EARLIEST_DATE && date <= LATEST_DATE, { message: outOfRange, abort: true });

/** An instant, ISO 8601 with an offset. */
export const caseInstant = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time with an offset, e.g. 2031-03-10T14:30:00Z', abort: true })
  .refine((instant) => Date.parse(instant) >= EARLIEST_INSTANT && Date.parse(instant) < END_OF_RANGE, { message: outOfRange, abort: true });
