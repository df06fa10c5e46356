import { CALENDAR_VERSION, computeDueTime, describeDueRule } from '../domain/calendar';
import type { DeadlineSchedule, ScheduleRequest } from '../workflows/shared/deadlines';

const HOUR = 60 * 60 * 1000;

/**
 * Deadlines are computed here, not in workflow code, so the due time, the rule and the calendar
 * version land in the history as this activity's result and a later calendar update never
 * changes a replay.
 */
export function scheduleDeadline(request: ScheduleRequest): DeadlineSchedule {
  const { region, businessHours } = request;
  const from = new Date(request.from);
  const due = computeDueTime(from, request.timescale, region, businessHours);
  if (request.reminderBefore.unit !== 'calendar_hours') throw new Error('a reminder lead time is stated in calendar hours');
  const reminder = new Date(Math.max(from.getTime(), due.getTime() - request.reminderBefore.amount * HOUR));
  return {
    dueAt: due.toISOString(),
    reminderAt: reminder.toISOString(),
    rule: describeDueRule(request.timescale, region, businessHours),
    calendarVersion: CALENDAR_VERSION,
    rungs: request.ladder.map((step) => ({
      rung: step.rung,
      roleTitle: step.roleTitle,
      at: computeDueTime(due, step.afterDeadline, region, businessHours).toISOString(),
    })),
  };
}
