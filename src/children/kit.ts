import {
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setHandler,
  workflowInfo,
  type QueryDefinition,
} from '@temporalio/workflow';
import type { PolicyProfile } from '../policy';
import type { ChildKind } from './kinds';
import type { CaseAlertSummary } from '../alerts/alert';
import { createInFlightActivities } from '../platform/workflow/in-flight-activities';
import { createUpdateHandlers } from '../platform/workflow/update-handler';
import { createAlertRaiser } from '../alerts/raise';
import { createDeadlineTracker, projectDeadlineOutcomes } from '../deadlines/tracker';
import { isOpenDeadline, type Deadline } from '../deadlines/deadline';

/** What a child workflow knows of its case. */
export interface ChildContext {
  parentWorkflowId: string;
  caseId: string;
  organisationId: string;
  /** the case's officer when it started the child, until caseOfficerChangedSignal names another */
  caseOfficerId: string;
  profile: PolicyProfile;
  /** the case was urgent (immediate danger, high risk) when it started this child: its deadlines escalate in hours */
  urgent?: boolean;
}

/** A child's report to its case, after every change, so the case shows each child's state. */
export interface ChildStatus {
  workflowId: string;
  kind: ChildKind;
  status: string;
  open: boolean;
  nextDeadline?: { task: string; dueAt: string };
  repeatReferral?: boolean;
  /** a referral this child made to another agency (a safeguarding referral): when, and about whom */
  referralMade?: { at: string; subjects: string[] };
  updatedAt: string;
}

export const childStatusSignal = defineSignal<[ChildStatus]>('childStatus');

/**
 * The case settles its open children deliberately when it closes (the parent close policy is
 * ABANDON, so continue-as-new of a long case never touches them).
 */
export const settleChildSignal = defineSignal<[{ reason: 'case_closed' }]>('settleChild');

/** The case passed to another officer: the child's alerts follow them from now on. */
export const caseOfficerChangedSignal = defineSignal<[{ caseOfficerId: string }]>('caseOfficerChanged');

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

/**
 * What every child workflow runs alike: its Query and the case's settling, alerts, deadlines, and
 * reports to the case; its status is derived from its state, and it is open until settled or done.
 */
export function createChildRuntime<State extends ChildStateBase & { status: string }>(options: {
  context: ChildContext;
  kind: ChildKind;
  state: State;
  stateQuery: QueryDefinition<State>;
  statusOf: (state: State) => string;
  isDone: (state: State) => boolean;
  isDeadlineMet: (deadline: Deadline, state: State) => boolean;
  extraStatus?: () => Partial<ChildStatus>;
}) {
  const { context, state, statusOf } = options;
  const workflowId = workflowInfo().workflowId;
  const isOpen = () => !state.settled && !options.isDone(state);
  const inFlight = createInFlightActivities();
  const parent = getExternalWorkflowHandle(context.parentWorkflowId);

  async function publish(): Promise<void> {
    const report: ChildStatus = {
      workflowId,
      kind: options.kind,
      status: (state.status = statusOf(state)),
      open: isOpen(),
      nextDeadline: nextDeadline(state.deadlines),
      updatedAt: new Date().toISOString(),
      ...options.extraStatus?.(),
    };
    await projectDeadlineOutcomes(inFlight, {
      workflowId,
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
      log.warn('the case did not take a child status report', { workflowId });
    }
  }

  const raise = createAlertRaiser({
    caseId: context.caseId,
    organisationId: context.organisationId,
    caseOfficerId: () => context.caseOfficerId,
    alerts: state.alerts,
    inFlight,
  });
  const deadlines = createDeadlineTracker({
    deadlines: state.deadlines,
    profile: context.profile,
    isSatisfied: (deadline) => options.isDeadlineMet(deadline, state),
    // Settled by the case, or its own work done: either way no deadline of it is owed any more.
    isSettled: () => !isOpen(),
    isUrgent: () => context.urgent === true,
    raise,
    publish,
    inFlight,
  });
  const view = (): State => ({ ...state, status: statusOf(state) });
  setHandler(options.stateQuery, view);
  setHandler(settleChildSignal, ({ reason }) => {
    state.settled ??= { at: new Date().toISOString(), reason };
  });
  setHandler(caseOfficerChangedSignal, ({ caseOfficerId }) => {
    context.caseOfficerId = caseOfficerId;
  });
  return { inFlight, raise, deadlines, publish, view, update: createUpdateHandlers(publish, view) };
}
