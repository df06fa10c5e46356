import { condition, patched } from '@temporalio/workflow';
import { proxyRetriedActivities } from '../platform/workflow/activity-proxy';
import type { EscalationStep, PolicyProfile } from '../policy';
import { urgentPolicyOf } from '../policy/urgent';
import type { Timescale } from './timescale';
import type { InFlightActivities } from '../platform/workflow/in-flight-activities';
import type { RaiseAlert } from '../alerts/raise';
import { isOpenDeadline, type Deadline, type FixedDue } from './deadline';
import type { DeadlineOutcomeSource, ScheduleRequest } from './contracts';
import type { DeadlineTask } from './tasks';
import type { ScheduleActivities } from './schedule';
import type { DeadlineOutcomeActivities } from './outcomes';

const activities = proxyRetriedActivities<ScheduleActivities & DeadlineOutcomeActivities>();

/** Urgent escalation (clock hours, on call out of hours) came after cases were running. */
const URGENT_ESCALATION_PATCH = 'urgent-escalation';
/**
 * A deadline started urgent: in runs from before urgency existed it stays routine, so its recorded
 * (routine) schedule and its state agree and escalateUrgently can still move it.
 */
const URGENT_DEADLINES_PATCH = 'urgent-deadlines';

/** Waits until `at` or until `done` holds; true when done. */
export async function waitUntil(at: string, done: () => boolean): Promise<boolean> {
  const remaining = Date.parse(at) - Date.now();
  return remaining > 0 ? condition(done, remaining) : done();
}

/**
 * Durable deadlines: a reminder to the case officer before, the escalation ladder after, and
 * the ladder stops as soon as the task is done. Whether it is done is asked of the workflow's
 * recorded facts (`isSatisfied`), so nothing has to remember to tick a deadline off.
 */
export function createDeadlineTracker<Task extends DeadlineTask>(options: {
  deadlines: Deadline<Task>[];
  profile: PolicyProfile;
  isSatisfied: (deadline: Deadline<Task>) => boolean;
  /** the workflow has ended its business: open deadlines are cancelled */
  isSettled: () => boolean;
  /** the whole workflow's work is urgent (e.g. immediate danger): every new deadline is */
  isUrgent?: () => boolean;
  raise: RaiseAlert;
  publish: () => Promise<void>;
  inFlight: InFlightActivities;
}) {
  const { profile, inFlight } = options;
  const urgentPolicy = urgentPolicyOf(profile);

  function scheduleRequest(deadline: Deadline<Task>): ScheduleRequest {
    const urgent = deadline.urgent ? { onCallRoleTitle: urgentPolicy.onCall.roleTitle } : undefined;
    return {
      from: deadline.startedAt,
      timescale: deadline.timescale,
      fixedDue: deadline.fixedDue,
      reminderBefore: profile.reminderBeforeDue,
      ladder: deadline.ladder ?? (urgent ? urgentPolicy.escalationLadder : profile.escalationLadder),
      region: profile.region,
      businessHours: profile.businessHours,
      ...(urgent && { urgent }),
    };
  }

  /** Moves an open deadline onto the urgent ladder from its due time; rungs already alerted stay alerted. */
  async function rescheduleAsUrgent(deadline: Deadline<Task>): Promise<void> {
    const { schedule } = deadline;
    if (!schedule) return; // its first schedule is being computed; the watcher sees it is urgent
    const rungs = await inFlight.tracked(() =>
      activities.scheduleUrgentRungs({ ...scheduleRequest(deadline), dueAt: schedule.dueAt }),
    );
    deadline.schedule = { ...schedule, rungs };
    await options.publish();
  }

  async function watch(deadline: Deadline<Task>): Promise<void> {
    const done = () => deadline.status === 'cancelled' || options.isSettled() || options.isSatisfied(deadline);
    if (!deadline.schedule) {
      const scheduledAsUrgent = deadline.urgent;
      deadline.schedule = await inFlight.tracked(() => activities.scheduleDeadline(scheduleRequest(deadline)));
      // the due time is news: the case (or the parent of a child) shows it from now on
      await options.publish();
      if (deadline.urgent && !scheduledAsUrgent) await rescheduleAsUrgent(deadline);
    }
    const { reminderAt, dueAt } = deadline.schedule;

    if (!deadline.remindedAt && !(await waitUntil(reminderAt, done)) && Date.now() < Date.parse(dueAt)) {
      await options.raise({
        kind: 'reminder',
        task: deadline.task,
        deadlineId: deadline.id,
        recipientRole: 'case_officer',
        recipientTitle: 'Case officer',
        dueAt,
        nextRungs: deadline.schedule.rungs.map((step) => step.rung),
      });
      deadline.remindedAt = new Date().toISOString();
    }
    if (deadline.status === 'pending' && !(await waitUntil(dueAt, done))) {
      deadline.status = 'overdue';
      await options.publish();
    }
    // The schedule is read afresh for each rung, so a deadline that becomes urgent gets its new rungs.
    // Waits, breaks and the final condition fall exactly as before this, so older histories replay.
    for (;;) {
      const schedule = deadline.schedule;
      const rescheduled = () => deadline.schedule !== schedule;
      const step = schedule.rungs.find((rung) => !deadline.escalations.some((alerted) => alerted.rung === rung.rung));
      if (!step) {
        await condition(() => done() || rescheduled());
        if (done()) break;
        continue;
      }
      if (await waitUntil(step.at, () => done() || rescheduled())) {
        if (!done()) continue;
        await condition(done);
        break;
      }
      const alertId = await options.raise({
        kind: 'escalation',
        task: deadline.task,
        deadlineId: deadline.id,
        rung: step.rung,
        recipientRole: step.rung,
        recipientTitle: step.roleTitle,
        dueAt,
        nextRungs: schedule.rungs.slice(schedule.rungs.indexOf(step) + 1).map((later) => later.rung),
      });
      deadline.escalations.push({ rung: step.rung, alertId, at: new Date().toISOString() });
      await options.publish();
    }
    const wasOverdue = deadline.status === 'overdue';
    const satisfied = deadline.status !== 'cancelled' && options.isSatisfied(deadline);
    deadline.status = satisfied ? (wasOverdue ? 'met_late' : 'met') : 'cancelled';
    deadline.completedAt = new Date().toISOString();
    await options.publish();
  }

  type DeadlineOptions = { subjectId?: string; ladder?: EscalationStep[]; urgent?: boolean };
  function add(
    task: Task,
    from: string,
    due: { timescale: Timescale } | { fixedDue: FixedDue },
    extra: DeadlineOptions,
  ): Deadline<Task> {
    const sequence = options.deadlines.filter((deadline) => deadline.task === task).length + 1;
    const deadline: Deadline<Task> = {
      id: `${task}#${sequence}`,
      task,
      startedAt: from,
      ...due,
      status: 'pending',
      escalations: [],
      ...extra,
      ...((extra.urgent || options.isUrgent?.()) && patched(URGENT_DEADLINES_PATCH) && { urgent: true }),
    };
    options.deadlines.push(deadline);
    void watch(deadline);
    return deadline;
  }

  return {
    /** a deadline from a policy timescale, counted from `from` */
    start: (task: Task, from: string, timescale: Timescale, extra: DeadlineOptions = {}) =>
      add(task, from, { timescale }, extra),
    /** a deadline whose due time someone else set */
    startFixed: (task: Task, from: string, fixedDue: FixedDue, extra: DeadlineOptions = {}) =>
      add(task, from, { fixedDue }, extra),
    /** no longer owed (e.g. superseded by a new date): its ladder stops, recorded as cancelled */
    cancel(deadline: Deadline<Task>): void {
      if (isOpenDeadline(deadline)) deadline.status = 'cancelled';
    },
    /** after continue-as-new: watch again every deadline still open, from where it stood */
    resumeOpen(): void {
      for (const deadline of options.deadlines.filter(isOpenDeadline)) void watch(deadline);
    },
    allSettled: (): boolean => !options.deadlines.some(isOpenDeadline),
    /**
     * The work became urgent (immediate danger recorded, a high-risk DASH): every open deadline
     * escalates in hours from now on. Not awaited, and a no-op in runs from before it, so the
     * commands of older histories keep their order.
     */
    escalateUrgently(): void {
      if (!patched(URGENT_ESCALATION_PATCH)) return;
      for (const deadline of options.deadlines) {
        if (!isOpenDeadline(deadline) || deadline.urgent) continue;
        deadline.urgent = true;
        void rescheduleAsUrgent(deadline);
      }
    },
  };
}

/**
 * Projects a workflow's deadlines for the compliance report. Added after cases were already
 * running, so it is a patch: histories recorded before it replay without the call.
 */
export async function projectDeadlineOutcomes(
  inFlight: InFlightActivities,
  source: DeadlineOutcomeSource,
): Promise<void> {
  if (patched('deadline-outcomes')) await inFlight.tracked(() => activities.projectDeadlineOutcomes(source));
}
