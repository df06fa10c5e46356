import { reopeningPolicyOf } from '../../policy/reopening';
import type { PolicyProfile } from '../../policy/profile';
import { isAtLeast, type Actor } from '../../staff/staff';
import type { ApproverRole } from '../../sharing/consent';
import type { Refusal } from '../../platform/workflow/validation';
import type { CaseReopeningRequest, CaseState } from '../state';

/** Reopening undoes a closure: a manager's decision, as closing a case is (DESIGN §3.9). */
export const REOPENING_ROLE: ApproverRole = 'manager';

const DAY_MS = 86_400_000;

/**
 * When the period for reopening a case closed at `closedAt` ends: the profile's calendar days
 * after the closure, to the millisecond (no calendar library, so the workflow can ask it too).
 */
export function reopeningPeriodEndsAt(closedAt: string, profile: PolicyProfile): string {
  const { within } = reopeningPolicyOf(profile);
  return new Date(Date.parse(closedAt) + within.amount * DAY_MS).toISOString();
}

/** What reopening needs to know of a case. */
export type ReopeningCase = Pick<CaseState, 'status' | 'closure' | 'profile'>;

/**
 * Whether `actor` may reopen the case at `at`: it is closed, the actor is a manager or above, and
 * the profile's period since the closure has not ended (after it, a new case is opened and linked
 * to this one). Returns the refusals in the order they are checked, empty when it may reopen.
 */
export function reopeningRefusals(state: ReopeningCase, actor: Actor, at: string): Refusal[] {
  if (state.status !== 'closed' || !state.closure) {
    return [{ type: 'NotPossible', message: 'the case is open: only a closed case is reopened' }];
  }
  const refusals: Refusal[] = [];
  if (!isAtLeast(actor.role, REOPENING_ROLE)) {
    refusals.push({ type: 'NotPermitted', message: `only a manager or above reopens a case, not a ${actor.role}` });
  }
  const endsAt = reopeningPeriodEndsAt(state.closure.at, state.profile);
  if (Date.parse(at) > Date.parse(endsAt)) {
    const { within } = reopeningPolicyOf(state.profile);
    refusals.push({
      type: 'NotPossible',
      message: `the period for reopening (${within.amount} calendar days from the closure) ended at ${endsAt}: open a new case linked to this one (POST /cases with linkedToCaseId)`,
    });
  }
  return refusals;
}

/**
 * The closed case as its reopened run starts it: open again, the closure it undid (and any feedback
 * request) kept in `reopenings`, every earlier entry of the record kept as it was.
 */
export function reopenedState(closed: CaseState, request: CaseReopeningRequest): CaseState {
  // the feedback asked for after that closure goes with it: the next closure asks afresh
  const { closure, feedbackRequestedAt, feedback, ...rest } = closed;
  if (!closure) throw new Error('only a closed case is reopened');
  return {
    ...rest,
    status: 'open',
    reopenings: [
      ...(closed.reopenings ?? []),
      { ...request, closure, ...(feedbackRequestedAt ? { feedbackRequestedAt } : {}), ...(feedback && { feedback }) },
    ],
  };
}

/** When the case was last reopened, if ever: the facts that meet its fresh deadlines are those since. */
export const lastReopenedAt = (state: Pick<CaseState, 'reopenings'>): string | undefined =>
  state.reopenings?.at(-1)?.at;

/**
 * A reopening request as the case keeps it and every answer shows it: the manager's command, when,
 * and the keyed request (Update id) that made it, so a retry of that request answers the same.
 */
export function reopeningRequestOf(
  command: Pick<CaseReopeningRequest, 'kind' | 'reason'> & { actor: Actor },
  at: string,
  requestId: string | undefined,
): CaseReopeningRequest {
  return {
    at,
    by: command.actor.staffId,
    byRole: command.actor.role,
    kind: command.kind,
    reason: command.reason,
    ...(requestId !== undefined && { requestId }),
  };
}
