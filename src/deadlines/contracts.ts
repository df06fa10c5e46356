import type { EscalationStep, PolicyProfile } from '../policy';
import type { Timescale } from './timescale';
import type { Deadline, FixedDue } from './deadline';

/*
 * What the deadline activities take, apart from both the workflow code that calls them and the
 * activities that answer, so that neither side imports the other.
 */

/** scheduleDeadline's request; it answers with a DeadlineSchedule. */
export interface ScheduleRequest {
  from: string;
  timescale?: Timescale;
  fixedDue?: FixedDue;
  reminderBefore: Timescale;
  ladder: EscalationStep[];
  region: PolicyProfile['region'];
  businessHours: PolicyProfile['businessHours'];
  /** An urgent deadline: `ladder` is the urgent one, and out of hours whoever is on call is alerted first. */
  urgent?: { onCallRoleTitle: string };
}

/** scheduleUrgentRungs' request: the deadline's own request, with the due time already set. */
export type UrgentRungsRequest = ScheduleRequest & { dueAt: string };

/** What a workflow (a case or a child) tells projectDeadlineOutcomes of itself. */
export interface DeadlineOutcomeSource {
  workflowId: string;
  caseId: string;
  organisationId: string;
  policyProfile: string;
  deadlines: readonly Deadline[];
}
