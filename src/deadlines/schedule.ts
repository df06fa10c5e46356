import { DateTime } from 'luxon';
import { CALENDAR_VERSION, computeDueTime, describeDueRule, nextBusinessOpening } from './calendar';
import type { DeadlineSchedule, FixedDue } from './deadline';
import type { ScheduleRequest, UrgentRungsRequest } from './contracts';

const HOUR = 60 * 60 * 1000;

/**
 * Deadlines are computed here, not in workflow code, so the due time, the rule and the calendar
 * version land in the history as this activity's result and a later calendar update never
 * changes a replay.
 */
function fixedDueTime(from: Date, fixed: FixedDue, timeZone: string, closes: string): { due: Date; rule: string } {
  switch (fixed.kind) {
    case 'instant':
      return { due: new Date(fixed.at), rule: `the time ${fixed.setBy} committed to` };
    case 'close_of_business':
      return {
        due: DateTime.fromISO(`${fixed.date}T${closes}`, { zone: timeZone }).toJSDate(),
        rule: `close of business (${closes} ${timeZone}) on the date ${fixed.setBy} set`,
      };
    case 'end_of_day':
      return {
        due: DateTime.fromJSDate(from, { zone: timeZone }).endOf('day').toJSDate(),
        rule: `the end of the same day (${timeZone})`,
      };
  }
}

/** Outside business hours: closed now (closing time included), so nobody in the office can act. */
const isOutOfHours = (
  at: Date,
  { region, businessHours }: Pick<ScheduleRequest, 'region' | 'businessHours'>,
): boolean => nextBusinessOpening(at, region, businessHours).getTime() !== at.getTime();

/**
 * Who is alerted when, after `due`. Urgent deadlines due out of hours alert whoever is on call at
 * once, ahead of the (clock-hour) urgent ladder; the rest follow the ladder as the profile states it.
 */
export function escalationRungs(request: ScheduleRequest, due: Date): DeadlineSchedule['rungs'] {
  const { region, businessHours } = request;
  const ladder = request.ladder.map((step) => ({
    rung: step.rung,
    roleTitle: step.roleTitle,
    at: computeDueTime(due, step.afterDeadline, region, businessHours).toISOString(),
  }));
  if (!request.urgent || !isOutOfHours(due, request)) return ladder;
  return [{ rung: 'on_call', roleTitle: request.urgent.onCallRoleTitle, at: due.toISOString() }, ...ladder];
}

/** The case officer's reminder: before the due time, and for routine work within office hours when that is still in time. */
function reminderTime(request: ScheduleRequest, from: Date, due: Date): Date {
  if (request.reminderBefore.unit !== 'calendar_hours')
    throw new Error('a reminder lead time is stated in calendar hours');
  const reminder = new Date(Math.max(from.getTime(), due.getTime() - request.reminderBefore.amount * HOUR));
  if (request.urgent) return reminder;
  const opening = nextBusinessOpening(reminder, request.region, request.businessHours);
  return opening < due ? opening : reminder;
}

export function scheduleDeadline(request: ScheduleRequest): DeadlineSchedule {
  const { region, businessHours } = request;
  const from = new Date(request.from);
  const { due, rule } = request.fixedDue
    ? fixedDueTime(from, request.fixedDue, businessHours.timeZone, businessHours.closes)
    : {
        due: computeDueTime(from, request.timescale!, region, businessHours),
        rule: describeDueRule(request.timescale!, region, businessHours),
      };
  return {
    dueAt: due.toISOString(),
    reminderAt: reminderTime(request, from, due).toISOString(),
    rule,
    calendarVersion: CALENDAR_VERSION,
    rungs: escalationRungs(request, due),
  };
}

/** The worker runs scheduleDeadline as an activity (see above). */
export const scheduleActivities = {
  async scheduleDeadline(request: ScheduleRequest): Promise<DeadlineSchedule> {
    return scheduleDeadline(request);
  },
  /** Whether the office is closed at `at`: an urgent alert raised then goes to whoever is on call too. */
  async isOutOfHours(request: Pick<ScheduleRequest, 'region' | 'businessHours'> & { at: string }): Promise<boolean> {
    return isOutOfHours(new Date(request.at), request);
  },
  /** A deadline that became urgent keeps its due time and is escalated on the urgent ladder from it. */
  async scheduleUrgentRungs(request: UrgentRungsRequest): Promise<DeadlineSchedule['rungs']> {
    return escalationRungs(request, new Date(request.dueAt));
  },
};

/** What workflows call of it (as a type only). */
export type ScheduleActivities = typeof scheduleActivities;
