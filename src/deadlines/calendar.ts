import Holidays from 'date-holidays';
import { version as dateHolidaysVersion } from 'date-holidays/package.json';
import { DateTime, IANAZone } from 'luxon';
import {
  businessHoursSchema,
  describeTimescale,
  timescaleSchema,
  type BusinessHours,
  type Region,
  type Timescale,
} from './timescale';

/**
 * Working-day calendar for UK deadlines (DESIGN section 4). Pure apart from memoised holiday
 * lookups; deadlines are computed in activities and recorded with CALENDAR_VERSION so that a
 * later calendar update never changes a replay and auditors can tell which data produced them.
 */

/** Recorded next to every computed deadline: the holiday data and its exact version. */
export const CALENDAR_VERSION = `date-holidays@${dateHolidaysVersion}`;

export interface BankHoliday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
}

/** England and Wales share one list; date-holidays keys it under England. */
const HOLIDAY_STATE: Record<Region, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

const REGION_LABEL: Record<Region, string> = {
  'england-and-wales': 'England & Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MILLISECONDS_PER_HOUR = 60 * 60 * 1000;

const holidaySources = new Map<Region, Holidays>();
const holidayDatesByRegionYear = new Map<string, ReadonlySet<string>>();

function holidaySource(region: Region): Holidays {
  let source = holidaySources.get(region);
  if (!source) {
    // Only days off by law; date-holidays also lists observances such as Mother's Day.
    source = new Holidays('GB', HOLIDAY_STATE[region], { types: ['public', 'bank'] });
    holidaySources.set(region, source);
  }
  return source;
}

function calendarDate(date: string): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : DateTime.invalid('not YYYY-MM-DD');
  if (!parsed.isValid) throw new RangeError(`expected a calendar date as YYYY-MM-DD, got "${date}"`);
  return parsed;
}

function isWeekend(date: DateTime): boolean {
  return date.weekday >= 6;
}

/**
 * Bank holidays as GOV.UK publishes them: when a holiday falls on a weekend only its weekday
 * substitute is listed, so the weekend date itself (which date-holidays also returns) is dropped.
 */
export function bankHolidays(year: number, region: Region): BankHoliday[] {
  return holidaySource(region)
    .getHolidays(year)
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }))
    .filter((holiday) => !isWeekend(calendarDate(holiday.date)));
}

function bankHolidayDates(year: number, region: Region): ReadonlySet<string> {
  const key = `${region}:${year}`;
  let dates = holidayDatesByRegionYear.get(key);
  if (!dates) {
    dates = new Set(bankHolidays(year, region).map((holiday) => holiday.date));
    holidayDatesByRegionYear.set(key, dates);
  }
  return dates;
}

/** Monday to Friday and not a bank holiday in the region. */
export function isWorkingDay(date: string, region: Region): boolean {
  const day = calendarDate(date);
  return !isWeekend(day) && !bankHolidayDates(day.year, region).has(date);
}

function nextDay(date: string): string {
  return calendarDate(date).plus({ days: 1 }).toISODate()!;
}

function nextWorkingDayAfter(date: string, region: Region): string {
  let candidate = nextDay(date);
  while (!isWorkingDay(candidate, region)) candidate = nextDay(candidate);
  return candidate;
}

function nthWorkingDayAfter(date: string, count: number, region: Region): string {
  let day = date;
  for (let step = 0; step < count; step += 1) day = nextWorkingDayAfter(day, region);
  return day;
}

/** Checked up front because luxon turns an unknown zone into Invalid Date instead of failing. */
function validBusinessHours(hours: BusinessHours): BusinessHours {
  const parsed = businessHoursSchema.parse(hours);
  if (!IANAZone.isValidZone(parsed.timeZone)) throw new RangeError(`unknown time zone "${parsed.timeZone}"`);
  return parsed;
}

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('expected a valid Date');
}

function inBusinessZone(instant: Date, hours: BusinessHours): DateTime {
  return DateTime.fromJSDate(instant, { zone: hours.timeZone });
}

/** The instant at which the local wall clock in the business time zone shows `clockTime` on `date`. */
function localInstant(date: string, clockTime: string, hours: BusinessHours): Date {
  return DateTime.fromISO(`${date}T${clockTime}`, { zone: hours.timeZone }).toJSDate();
}

function dueWorkingDay(from: Date, workingDays: number, region: Region, hours: BusinessHours): string {
  const reportDay = inBusinessZone(from, hours).toISODate()!;
  if (workingDays > 0) return nthWorkingDayAfter(reportDay, workingDays, region);
  const stillOpenToday = isWorkingDay(reportDay, region) && from < localInstant(reportDay, hours.closes, hours);
  return stillOpenToday ? reportDay : nextWorkingDayAfter(reportDay, region);
}

/**
 * When a timescale starting at `from` expires. Working days end at close of business on the
 * Nth working day after the local day of `from` (N=0: today if still open, else the next
 * working day); calendar hours are elapsed time; calendar days keep the local wall-clock time.
 */
export function computeDueTime(from: Date, timescale: Timescale, region: Region, hours: BusinessHours): Date {
  assertValidInstant(from);
  const rule = timescaleSchema.parse(timescale);
  const businessHours = validBusinessHours(hours);
  switch (rule.unit) {
    case 'working_days':
      return localInstant(dueWorkingDay(from, rule.amount, region, businessHours), businessHours.closes, businessHours);
    case 'calendar_hours':
      return new Date(from.getTime() + rule.amount * MILLISECONDS_PER_HOUR);
    case 'calendar_days':
      return inBusinessZone(from, businessHours).plus({ days: rule.amount }).toJSDate();
  }
}

const ORDINAL_SUFFIX: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };

function ordinal(n: number): string {
  const isTeen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${isTeen ? 'th' : (ORDINAL_SUFFIX[n % 10] ?? 'th')}`;
}

/** The rule behind a deadline in words, recorded in the audit trail beside the due time. */
export function describeDueRule(timescale: Timescale, region: Region, hours: BusinessHours): string {
  const closeOfBusiness = `close of business (${hours.closes} ${hours.timeZone})`;
  const holidays = `${REGION_LABEL[region]} bank holidays`;
  switch (timescale.unit) {
    case 'working_days':
      return timescale.amount === 0
        ? `${closeOfBusiness} on the day of the report if it is a working day and the report arrives before closing, otherwise on the next working day, ${holidays}`
        : `${closeOfBusiness} on the ${ordinal(timescale.amount)} working day after the day of the report, ${holidays}`;
    case 'calendar_hours':
      return `${describeTimescale(timescale)} after the report, as elapsed time whatever the clock changes`;
    case 'calendar_days':
      return `${describeTimescale(timescale)} after the report, at the same local time (${hours.timeZone})`;
  }
}

/** The first instant at or after `at` when the office is open, e.g. to send reminders in office hours. */
export function nextBusinessOpening(at: Date, region: Region, hours: BusinessHours): Date {
  assertValidInstant(at);
  const businessHours = validBusinessHours(hours);
  const today = inBusinessZone(at, businessHours).toISODate()!;
  if (isWorkingDay(today, region) && at < localInstant(today, businessHours.closes, businessHours)) {
    const opening = localInstant(today, businessHours.opens, businessHours);
    return at < opening ? opening : new Date(at.getTime());
  }
  return localInstant(nextWorkingDayAfter(today, region), businessHours.opens, businessHours);
}
