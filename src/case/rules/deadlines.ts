import { isPlanReviewSatisfied } from './safety-plan';
import type { CaseDeadline, CaseState } from '../state';
import { lastReopenedAt } from './reopening';

/**
 * Whether the task behind a deadline is done, derived from the case's recorded facts rather
 * than flagged by hand, so a fact recorded before its deadline was even scheduled still counts.
 */
export function isDeadlineSatisfied(deadline: CaseDeadline, state: CaseState): boolean {
  // Strictly after: the review or DASH that started a periodic deadline does not also meet it.
  const after = (at: string) => at > deadline.startedAt;
  // A reopened case owes its contact and DASH afresh: only those since the reopening meet them.
  const reopenedAt = lastReopenedAt(state);
  const sinceReopening = (at: string) => reopenedAt === undefined || at >= reopenedAt;
  switch (deadline.task) {
    case 'initialContact':
      return state.contactAttempts.some((attempt) => attempt.outcome === 'reached' && sinceReopening(attempt.at));
    case 'dashAssessment':
      return state.assessments.some((assessment) => sinceReopening(assessment.at));
    case 'safetyPlan':
      return state.safetyPlan !== undefined;
    case 'safetyPlanReview':
      return isPlanReviewSatisfied(deadline, state.safetyPlan);
    case 'managerReview':
      return state.reviews.some((review) => after(review.at));
    case 'riskReassessment':
      return state.assessments.some((assessment) => after(assessment.at));
    case 'consentDecision': {
      const sharing = state.sharing.requests.find((entry) => entry.request.id === deadline.subjectId);
      return sharing !== undefined && sharing.status !== 'awaiting_decision';
    }
    case 'seriousIncidentReport':
      return state.seriousIncidentReports?.find((report) => report.id === deadline.subjectId)?.status === 'approved';
    case 'perpetratorAction': {
      const status = state.perpetratorActions?.find((action) => action.id === deadline.subjectId)?.status;
      return status === 'completed' || status === 'withdrawn';
    }
  }
}

/** A case is in breach while any deadline is past due and its task still undone. */
export const isBreached = (state: CaseState): boolean =>
  state.deadlines.some((deadline) => deadline.status === 'overdue');
