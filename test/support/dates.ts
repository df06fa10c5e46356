import { DateTime } from 'luxon';

/* Dates for tests that move a case through working days, in the UK's own calendar. */

/** The first Monday of a February after `now`: four weeks without a bank holiday or a clock change in any UK region. */
export function quietMondayAfter(now: number): string {
  for (let year = new Date(now).getUTCFullYear(); ; year += 1) {
    const first = DateTime.fromObject({ year, month: 2, day: 1 }, { zone: 'Europe/London' });
    const monday = first.plus({ days: (8 - first.weekday) % 7 });
    if (monday.toMillis() > now + 86_400_000) return monday.toISODate()!;
  }
}

/** The date (YYYY-MM-DD, UTC) `days` after `nowMs`: partners may date work only from the request to a year on. */
export const dateInDays = (days: number, nowMs = Date.now()): string =>
  new Date(nowMs + days * 86_400_000).toISOString().slice(0, 10);

/** A date as YYYY-MM-DD, `days` after the given one. */
export const plusDays = (date: string, days: number): string => DateTime.fromISO(date).plus({ days }).toISODate()!;

/** An instant given as London wall-clock time. */
export const london = (date: string, time: string): Date =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/London' }).toJSDate();
