import { defineSignal, getExternalWorkflowHandle, isCancellation, log } from '@temporalio/workflow';
import type { PolicyProfile } from '../policy';
import type { ChildKind } from './kinds';
import type { CaseAlertSummary } from '../alerts/alert';
import { createInFlightActivities } from '../platform/workflow/in-flight-activities';
import { createAlertRaiser } from '../alerts/raise';
import { createDeadlineTracker, projectDeadlineOutcomes } from '../deadlines/tracker';
import { isOpenDeadline, type Deadline } from '../deadlines/deadline';

/** What a child workflow knows of its case. */
export interface ChildContext {
  parentWorkflowId: string;
  caseId: string;
  organisationId: string;
  caseOfficerId: string;
  profile: PolicyProfile;
}

/** A child's report to its case, after every change, so the case shows each child's state. */
export interface ChildStatus {
  workflowId: string;
  kind: ChildKind;
  status: string;
  open: boolean;
  nextDeadline?: { task: string; dueAt: string };
  repeatReferral?: boolean;
  updatedAt: string;
}

export const childStatusSignal = defineSignal<[ChildStatus]>('childStatus');

/**
 * The case settles its open children deliberately when it closes (the parent close policy is
 * ABANDON, so continue-as-new of a long case never touches them).
 */
export const settleChildSignal = defineSignal<[{ reason: 'case_closed' }]>('settleChild');

export interface ChildStateBase {
  deadlines: Deadline[];
  alerts: CaseAlertSummary[];
  settled?: { at: string; reason: 'case_closed' };
}

function nextDeadline(deadlines: Deadline[]): ChildStatus['nextDeadline'] {
  const next = deadlines
    .filter((deadline) => isOpenDeadline(deadline) && deadline.schedule)
    .sort((a, b) => a.schedule!.dueAt.localeCompare(b.schedule!.dueAt))[0];
  return next && { task: next.task, dueAt: next.schedule!.dueAt };
}

/** Alerts, deadlines and reports to the case, shared by every child workflow. */
export function createChildRuntime<State extends ChildStateBase>(options: {
  context: ChildContext;
  kind: ChildKind;
  workflowId: string;
  state: State;
  status: () => string;
  isOpen: () => boolean;
  isSatisfied: (deadline: Deadline) => boolean;
  extraStatus?: () => Partial<ChildStatus>;
}) {
  const { context, state } = options;
  const inFlight = createInFlightActivities();
  const parent = getExternalWorkflowHandle(context.parentWorkflowId);

  async function publish(): Promise<void> {
    const report: ChildStatus = {
      workflowId: options.workflowId,
      kind: options.kind,
      status: options.status(),
      open: options.isOpen(),
      nextDeadline: nextDeadline(state.deadlines),
      updatedAt: new Date().toISOString(),
      ...options.extraStatus?.(),
    };
    await projectDeadlineOutcomes(inFlight, {
      workflowId: options.workflowId,
      caseId: context.caseId,
      organisationId: context.organisationId,
      policyProfile: context.profile.id,
      deadlines: state.deadlines,
    });
    try {
      await inFlight.tracked(() => parent.signal(childStatusSignal, report));
    } catch (error) {
      // a case that has already finished needs no report; anything else is a real fault
      if (isCancellation(error)) throw error;
      log.warn('the case did not take a child status report', { workflowId: options.workflowId });
    }
  }

  const raise = createAlertRaiser({
    caseId: context.caseId,
    organisationId: context.organisationId,
    caseOfficerId: context.caseOfficerId,
    alerts: state.alerts,
    inFlight,
  });
  const deadlines = createDeadlineTracker({
    deadlines: state.deadlines,
    profile: context.profile,
    isSatisfied: options.isSatisfied,
    // Settled by the case, or its own work done: either way no deadline of it is owed any more.
    isSettled: () => !options.isOpen(),
    raise,
    publish,
    inFlight,
  });
  return { inFlight, raise, deadlines, publish };
}
