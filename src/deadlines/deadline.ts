import type { EscalationRung, EscalationStep } from '../policy';
import type { Timescale } from './timescale';
import type { DeadlineTask } from './tasks';

/*
 * A deadline as the workflows hold it and the activities receive it. Plain data with no workflow
 * code behind it, so workflow code, activities and the API all read it from here.
 */

/** Computed in an activity (calendar, bank holidays) so a calendar update never changes a replay. */
export interface DeadlineSchedule {
  dueAt: string;
  reminderAt: string;
  /** the rule in words and the calendar data that produced dueAt, for auditors */
  rule: string;
  calendarVersion: string;
  rungs: { rung: EscalationRung; roleTitle: string; at: string }[];
}

/** A due time set by someone else rather than by a policy timescale. */
export type FixedDue =
  | { kind: 'instant'; at: string; setBy: string }
  | { kind: 'close_of_business'; date: string; setBy: string }
  | { kind: 'end_of_day' };

export const DEADLINE_STATUSES = ['pending', 'overdue', 'met', 'met_late', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface Deadline<Task extends DeadlineTask = DeadlineTask> {
  id: string;
  task: Task;
  /** what the deadline is about, e.g. the sharing request or MARAC action it waits on */
  subjectId?: string;
  startedAt: string;
  timescale?: Timescale;
  fixedDue?: FixedDue;
  /** a ladder of its own (e.g. repairs); otherwise the profile's */
  ladder?: EscalationStep[];
  /** escalated in clock hours, and out of hours to whoever is on call (immediate danger, high risk) */
  urgent?: boolean;
  schedule?: DeadlineSchedule;
  status: DeadlineStatus;
  remindedAt?: string;
  escalations: { rung: EscalationRung; alertId: string; at: string }[];
  completedAt?: string;
}

export const isOpenDeadline = (deadline: Deadline): boolean =>
  deadline.status === 'pending' || deadline.status === 'overdue';
