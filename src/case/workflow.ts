import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { waitUntil } from '../deadlines/tracker';
import { proxyRetriedActivities } from '../platform/workflow/activity-proxy';
import { registerAssessment, registerReferralsAndReviews } from './handlers/casework';
import { createChildStarter, registerChildReports, registerChildRequests } from './handlers/children';
import { registerClosure, registerReopening } from './handlers/closure';
import { registerReassignment } from './handlers/assignment';
import { registerFeedback } from './handlers/feedback';
import { registerPerpetratorActions } from './handlers/perpetrator';
import { registerReporting } from './handlers/reporting';
import { FEEDBACK_ANSWER_WINDOW, isFeedbackSettled } from './rules/feedback';
import { reopenedState } from './rules/reopening';
import { createCaseContext } from './handlers/context';
import { registerSharing } from './handlers/sharing';
import type { CaseReopeningRequest, CaseState, CaseWorkflowInput } from './state';
import { upgradedSafetyPlan } from './rules/safety-plan';
import type { ScheduleActivities } from '../deadlines/schedule';
import type { Timescale } from '../deadlines/timescale';
import { householdSafeguardingInput, safeguardingKind } from '../children/safeguarding/kind';
import { householdSafeguardingSubjects } from '../children/safeguarding/rules';

const activities = proxyRetriedActivities<ScheduleActivities>();

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;
const FEEDBACK_ANSWERS_PATCH = 'feedback-answers';
/** A household with children or an adult at risk starts a safeguarding referral; cases opened before it did not. */
const SAFEGUARDING_REFERRAL_CHILD_PATCH = 'safeguarding-referral-child';
/**
 * Every Update's command and answer stay in the history. Below the 4 MB at which a default server
 * suggests continuing as new, so the bound holds also on a server configured not to suggest it.
 */
const DEFAULT_CONTINUE_AS_NEW_AFTER_HISTORY_BYTES = 2 * 1024 * 1024;

function initialCaseState(input: CaseWorkflowInput): CaseState {
  return {
    caseId: input.caseId,
    openedAt: input.openedAt,
    disclosure: input.disclosure,
    profile: input.profile,
    status: 'open',
    risk: { level: 'unassessed', reasons: [] },
    assessments: [],
    contactAttempts: [],
    incidents: [],
    sharing: { requests: [], consents: [], approvals: [] },
    safeguardingReferrals: [],
    reviews: [],
    deadlines: [],
    alerts: [],
    marac: { status: 'not_required' },
    children: [],
    updatedAt: input.openedAt,
    stateVersion: 0,
  };
}

/** A state carried by continue-as-new from code before today's, in today's shape (no commands change). */
function carriedCaseState(carried: CaseState): CaseState {
  return carried.safetyPlan ? { ...carried, safetyPlan: upgradedSafetyPlan(carried.safetyPlan) } : carried;
}

/** One durable workflow per disclosure: the case's single source of truth, for months if need be. */
export async function caseWorkflow(
  input: CaseWorkflowInput,
): Promise<{ caseId: string; closedAt: string; reason: string }> {
  // A reopened case's first run starts from the closed case's record, open again.
  const state: CaseState = input.reopening
    ? reopenedState(carriedCaseState(input.carriedState!), input.reopening)
    : input.carriedState
      ? carriedCaseState(input.carriedState)
      : initialCaseState(input);
  // Continuing as new carries the state, never the reopening (which would reopen it again).
  const { reopening, ...continuing } = input;
  const context = createCaseContext(state);
  const { profile, disclosure, now, inFlight, publish, raise, raiseImmediateDanger, deadlines } = context;
  const startChildWorkflow = createChildStarter(context);

  // In this order: an Update waiting when a run starts is dispatched as soon as its handler is set,
  // so the order of registration is part of the order of the workflow's commands.
  registerChildReports(context);
  registerAssessment(context, startChildWorkflow);
  registerSharing(context);
  registerReferralsAndReviews(context);
  registerClosure(context);
  registerChildRequests(context, startChildWorkflow);
  registerReassignment(context);
  registerFeedback(context);
  registerPerpetratorActions(context);
  registerReporting(context);
  const reopen = registerReopening(context);

  // A first run publishes the new case and starts its timescales; a continued run resumes them; a
  // reopened case's first run starts them afresh from the reopening, by the case's own profile.
  if (!input.carriedState) {
    await publish();
    if (disclosure.immediateDanger) await raiseImmediateDanger();
    deadlines.start('initialContact', state.openedAt, profile.timescales.initialContact);
    deadlines.start('dashAssessment', state.openedAt, profile.timescales.dashAssessment);
    deadlines.start('managerReview', state.openedAt, profile.timescales.managerReview);
    const safeguardingSubjects = householdSafeguardingSubjects(disclosure.survivor);
    if (safeguardingSubjects.length > 0 && patched(SAFEGUARDING_REFERRAL_CHILD_PATCH))
      await startChildWorkflow(safeguardingKind, householdSafeguardingInput(safeguardingSubjects, state.openedAt));
  } else if (reopening) {
    await publish();
    deadlines.start('initialContact', reopening.at, profile.timescales.initialContact);
    deadlines.start('dashAssessment', reopening.at, profile.timescales.dashAssessment);
    deadlines.start('managerReview', reopening.at, profile.timescales.managerReview);
  } else {
    deadlines.resumeOpen();
  }

  const continueAsNewAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const continueAsNewAfterBytes = input.continueAsNewAfterHistoryBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_HISTORY_BYTES;
  // Runs that started before the size trigger keep continuing as new where their history says they did.
  const continuesOnHistorySize = patched('continue-as-new-on-history-size');
  const historyIsLong = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength >= continueAsNewAfter ||
    (continuesOnHistorySize && workflowInfo().historySize >= continueAsNewAfterBytes);
  await condition(() => state.status === 'closed' || historyIsLong());

  if (state.status === 'open') {
    // Hand over only at rest, so no update, alert or projection is cut off half-way.
    await condition(() => inFlight.idle() && allHandlersFinished());
    return continueAsNew<typeof caseWorkflow>({ ...continuing, carriedState: state });
  }
  /** A manager reopened the closed case: this run ends, and the reopened case's run starts from its record. */
  const endAsReopened = async (request: CaseReopeningRequest): Promise<never> => {
    await condition(() => inFlight.idle() && allHandlersFinished());
    return continueAsNew<typeof caseWorkflow>({ ...continuing, carriedState: state, reopening: request });
  };

  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  // A plain due time by the profile's calendar: no reminder, no ladder.
  const timeAfter = (from: string, timescale: Timescale) =>
    activities.scheduleDeadline({
      from,
      timescale,
      reminderBefore: { unit: 'calendar_hours', amount: 0 },
      ladder: [],
      region: profile.region,
      businessHours: profile.businessHours,
    });
  const feedback = await timeAfter(state.closure!.at, profile.feedback.requestAfter);
  await waitUntil(feedback.dueAt, () => reopen.requested() !== undefined);
  const reopenedBeforeFeedback = reopen.requested();
  if (reopenedBeforeFeedback) return endAsReopened(reopenedBeforeFeedback);
  // The officer asks, by a channel the survivor's safe-contact profile allows (recordFeedback checks it).
  await raise({
    kind: 'feedback_due',
    task: 'feedback',
    recipientRole: 'case_officer',
    recipientTitle: 'Case officer',
  });
  state.feedbackRequestedAt = now();
  await publish();
  // Runs from before feedback answers were recorded ended at once; a run now waits for the survivor's answer.
  if (patched(FEEDBACK_ANSWERS_PATCH)) {
    const answerBy = await timeAfter(state.feedbackRequestedAt, FEEDBACK_ANSWER_WINDOW);
    // a reopening ends the wait too: the reopened case's run takes over
    await waitUntil(answerBy.dueAt, () => isFeedbackSettled(state) || reopen.requested() !== undefined);
    await condition(allHandlersFinished);
  }
  await condition(inFlight.idle);
  // Reopened while the feedback request went out, or while an answer was awaited: the run ends as the reopened case's.
  const reopenedMeanwhile = reopen.requested();
  if (reopenedMeanwhile) return endAsReopened(reopenedMeanwhile);
  return { caseId: state.caseId, closedAt: state.closure!.at, reason: state.closure!.reason };
}
