import { DateTime } from 'luxon';
import { CALENDAR_VERSION, computeDueTime, describeDueRule } from './calendar';
import type { DeadlineSchedule, FixedDue } from './deadline';
import type { ScheduleRequest } from './contracts';

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

export function scheduleDeadline(request: ScheduleRequest): DeadlineSchedule {
  const { region, businessHours } = request;
  const from = new Date(request.from);
  const { due, rule } = request.fixedDue
    ? fixedDueTime(from, request.fixedDue, businessHours.timeZone, businessHours.closes)
    : {
        due: computeDueTime(from, request.timescale!, region, businessHours),
        rule: describeDueRule(request.timescale!, region, businessHours),
      };
  if (request.reminderBefore.unit !== 'calendar_hours')
    throw new Error('a reminder lead time is stated in calendar hours');
  const reminder = new Date(Math.max(from.getTime(), due.getTime() - request.reminderBefore.amount * HOUR));
  return {
    dueAt: due.toISOString(),
    reminderAt: reminder.toISOString(),
    rule,
    calendarVersion: CALENDAR_VERSION,
    rungs: request.ladder.map((step) => ({
      rung: step.rung,
      roleTitle: step.roleTitle,
      at: computeDueTime(due, step.afterDeadline, region, businessHours).toISOString(),
    })),
  };
}

/** The worker runs scheduleDeadline as an activity (see above). */
export const scheduleActivities = {
  async scheduleDeadline(request: ScheduleRequest): Promise<DeadlineSchedule> {
    return scheduleDeadline(request);
  },
};

/** What workflows call of it (as a type only). */
export type ScheduleActivities = typeof scheduleActivities;
