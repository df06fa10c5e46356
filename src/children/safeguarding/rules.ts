import type { Deadline } from '../../deadlines/deadline';
import type { LawfulBasis } from '../../sharing/consent';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import type { Refusal } from '../../platform/workflow/validation';
import type { ChildStatus } from '../kit';
import { childStatusOf } from '../status';
import type { SafeguardingOutcomeCommand, SafeguardingSubject } from './commands';
import type { SafeguardingState } from './state';

/** Whom the household's facts at disclosure call for a referral about: its children, an adult at risk, or none. */
export function householdSafeguardingSubjects(survivor: {
  childrenInHousehold: boolean;
  adultAtRisk?: boolean;
}): SafeguardingSubject[] {
  return [
    ...(survivor.childrenInHousehold ? (['child'] as const) : []),
    ...(survivor.adultAtRisk ? (['adult_at_risk'] as const) : []),
  ];
}

/** The lawful basis for sharing without consent that a referral about these subjects rests on: a child's first. */
export const safeguardingLawfulBasis = (subjects: readonly SafeguardingSubject[]): LawfulBasis =>
  subjects.includes('child') ? 'safeguarding_child' : 'safeguarding_adult_at_risk';

/** Closed by the local authority's outcome. */
export const safeguardingDone = (state: SafeguardingState): boolean => state.outcome !== undefined;

/** Where the referral stands, derived from what is recorded, the latest step first. */
export const safeguardingStatus = (state: SafeguardingState): string =>
  childStatusOf(
    state,
    safeguardingDone(state),
    [
      [state.acknowledgement, 'acknowledged'],
      [state.referral, 'referred'],
    ],
    'to_refer',
  );

/** The statuses of a safeguarding child that has made its referral (safeguardingStatus's). */
const REFERRED_STATUSES: ReadonlySet<string> = new Set(['referred', 'acknowledged', 'completed']);

/** Whether any of a case's safeguarding children has made its referral, from their reports to the case. */
export const safeguardingReferralMadeByChild = (children: readonly Pick<ChildStatus, 'kind' | 'status'>[]): boolean =>
  children.some((child) => child.kind === 'safeguarding' && REFERRED_STATUSES.has(child.status));

/** The referral's deadline is met by making it; a review's by the review of its number (its subjectId). */
export const isSafeguardingDeadlineMet = (deadline: Deadline, state: SafeguardingState): boolean =>
  deadline.task === 'safeguardingReferral'
    ? state.referral !== undefined
    : state.reviews.length >= Number(deadline.subjectId ?? Infinity);

/** Staff act on a referral only while it is neither settled by the case nor closed by its outcome. */
export function safeguardingActionRefusals(state: SafeguardingState): Refusal[] {
  if (state.settled) return [{ type: 'NotPossible', message: 'the referral was settled when the case closed' }];
  if (state.outcome)
    return [{ type: 'NotPossible', message: `the local authority gave its outcome at ${state.outcome.at}` }];
  return [];
}

export function makeReferralRefusals(state: SafeguardingState): Refusal[] {
  return state.referral
    ? [{ type: 'NotPossible', message: `the referral was already made at ${state.referral.at}` }]
    : [];
}

/** A review is of a referral made, and only while there is room for one. */
export function reviewRefusals(state: SafeguardingState): Refusal[] {
  if (!state.referral) return [{ type: 'NotPossible', message: 'the referral has not been made yet' }];
  const full = entryLimitRefusal(state.reviews.length, CHILD_ENTRY_LIMITS.safeguardingReviews, 'reviews', 'referral');
  return full ? [{ type: 'NotPossible', message: full }] : [];
}

/** The local authority acknowledges a referral made; a repeat of the same reference changes nothing, another is refused. */
export function acknowledgementRefusals(state: SafeguardingState, localAuthorityReference: string): Refusal[] {
  if (state.settled) return [{ type: 'NotPossible', message: 'the referral was settled when the case closed' }];
  if (!state.referral) return [{ type: 'NotPossible', message: 'the referral has not been made yet' }];
  if (state.acknowledgement && state.acknowledgement.localAuthorityReference !== localAuthorityReference)
    return [
      {
        type: 'NotPossible',
        message: `the referral was already acknowledged under reference ${state.acknowledgement.localAuthorityReference}`,
      },
    ];
  if (!state.acknowledgement && state.outcome)
    return [{ type: 'NotPossible', message: 'the local authority has already given its outcome' }];
  return [];
}

/** The outcome closes a referral made; the same outcome again changes nothing, a different one is refused. */
export function outcomeRefusals(state: SafeguardingState, command: SafeguardingOutcomeCommand): Refusal[] {
  if (state.outcome) {
    const same =
      state.outcome.outcome === command.outcome &&
      state.outcome.localAuthorityReference === command.localAuthorityReference;
    return same
      ? []
      : [{ type: 'NotPossible', message: `a different outcome was already recorded at ${state.outcome.at}` }];
  }
  if (state.settled) return [{ type: 'NotPossible', message: 'the referral was settled when the case closed' }];
  if (!state.referral) return [{ type: 'NotPossible', message: 'the referral has not been made yet' }];
  if (state.acknowledgement && state.acknowledgement.localAuthorityReference !== command.localAuthorityReference)
    return [
      {
        type: 'InvalidCommand',
        message: `localAuthorityReference: the referral was acknowledged under reference ${state.acknowledgement.localAuthorityReference}`,
      },
    ];
  return [];
}
