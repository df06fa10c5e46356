import type { SafetyPlanPolicy } from '../../policy/profile';
import type { Refusal } from '../../platform/workflow/validation';
import type { FixedDue } from '../../deadlines/deadline';
import type { SafetyPlanMeasureEntry, SafetyPlanReviewCommand } from '../commands';
import type { CaseDeadline, SafetyPlan, SafetyPlanMeasure, SafetyPlanReview } from '../state';

/*
 * Safety plans (issue 14 item 4): measures chosen from the profile's options or written in free
 * text, each with an owner and a review date. A plan's reviews are deadlines on the case's ladder:
 * one for the measures reviewed on the profile's interval, one for the earliest measure given a date
 * of its own. A review of the plan answers for every measure still in it, so one review meets both.
 */

const DAY_MS = 86_400_000;
/** A review further off than this is a typo, not a plan. */
export const SAFETY_PLAN_REVIEW_HORIZON_DAYS = 366;

/** A command field at fault: its message starts with the field as people read it, `measures[2].option`. */
const invalid = (field: (string | number)[], message: string): Refusal => ({
  type: 'InvalidCommand',
  message: `${field.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('')}: ${message}`,
  field: field.join('.'),
});

/** The plan's measures from a command's entries; a string (the form before options) is free text owned by the officer. */
export function measuresOf(
  entries: readonly SafetyPlanMeasureEntry[],
  policy: SafetyPlanPolicy,
  recordedBy: string,
): SafetyPlanMeasure[] {
  return entries.map((entry, index) => {
    const measure = typeof entry === 'string' ? { text: entry } : entry;
    const label = measure.option !== undefined ? policy.measures[measure.option] : undefined;
    return {
      id: `m${index + 1}`,
      ...(measure.option !== undefined && { option: measure.option }),
      ...(label !== undefined && { label }),
      ...(measure.text !== undefined && { text: measure.text }),
      owner: measure.owner ?? { staffId: recordedBy },
      ...(measure.reviewBy !== undefined && { reviewBy: measure.reviewBy }),
      status: 'active',
    };
  });
}

/** A plan carried from before options, whose measures were strings, in today's shape. */
export function upgradedSafetyPlan(plan: SafetyPlan): SafetyPlan {
  const measures = plan.measures as readonly (SafetyPlanMeasure | string)[];
  if (!measures.some((measure) => typeof measure === 'string')) return plan;
  return {
    ...plan,
    measures: measures.map((measure, index) =>
      typeof measure === 'string'
        ? { id: `m${index + 1}`, text: measure, owner: { staffId: plan.by }, status: 'active' }
        : measure,
    ),
  };
}

/** Why a review date cannot be right at `now`: it must be in the future and within the horizon. */
export function reviewDateProblem(reviewBy: string, now: string): string | undefined {
  const dateOnly = reviewBy.length === 10;
  const startsAt = Date.parse(dateOnly ? `${reviewBy}T00:00:00Z` : reviewBy);
  const endsAt = dateOnly ? startsAt + DAY_MS : startsAt;
  if (endsAt <= Date.parse(now)) return `must be in the future (it is now ${now})`;
  if (startsAt > Date.parse(now) + SAFETY_PLAN_REVIEW_HORIZON_DAYS * DAY_MS)
    return `must be within ${SAFETY_PLAN_REVIEW_HORIZON_DAYS} days`;
  return undefined;
}

/** A new plan's measures: each option one the profile names, each review date in the future. */
export function safetyPlanRefusals(
  policy: SafetyPlanPolicy,
  organisationName: string,
  entries: readonly SafetyPlanMeasureEntry[],
  now: string,
): Refusal[] {
  const allowed = Object.keys(policy.measures);
  return entries.flatMap((entry, index) => {
    if (typeof entry === 'string') return [];
    const refusals: Refusal[] = [];
    if (entry.option !== undefined && !Object.hasOwn(policy.measures, entry.option)) {
      refusals.push(
        invalid(
          ['measures', index, 'option'],
          allowed.length === 0
            ? `${organisationName}'s policy names no safety-plan options; describe the measure in text`
            : `"${entry.option}" is not one of ${organisationName}'s safety-plan options (${allowed.join(', ')}); describe any other measure in text`,
        ),
      );
    }
    const dateProblem = entry.reviewBy !== undefined ? reviewDateProblem(entry.reviewBy, now) : undefined;
    if (dateProblem) refusals.push(invalid(['measures', index, 'reviewBy'], dateProblem));
    return refusals;
  });
}

export const activeMeasures = (plan: SafetyPlan | undefined): SafetyPlanMeasure[] =>
  (plan?.measures ?? []).filter((measure) => measure.status === 'active');

/** A review must answer for every measure still in the plan, once each, and for no other. */
export function safetyPlanReviewRefusals(
  plan: SafetyPlan | undefined,
  command: Pick<SafetyPlanReviewCommand, 'measures'>,
  now: string,
): Refusal[] {
  if (!plan) return [{ type: 'NotPossible', message: 'the case has no safety plan to review' }];
  const active = activeMeasures(plan);
  if (active.length === 0)
    return [{ type: 'NotPossible', message: 'every measure of the plan has ended: agree a new safety plan instead' }];
  const refusals: Refusal[] = [];
  const seen = new Set<string>();
  command.measures.forEach((entry, index) => {
    if (!active.some((measure) => measure.id === entry.measureId))
      refusals.push(
        invalid(
          ['measures', index, 'measureId'],
          `"${entry.measureId}" is not a measure still in the plan (${active.map((m) => m.id).join(', ')})`,
        ),
      );
    else if (seen.has(entry.measureId))
      refusals.push(invalid(['measures', index, 'measureId'], `"${entry.measureId}" is named twice`));
    seen.add(entry.measureId);
    if (entry.outcome === 'ended' && (entry.text ?? entry.owner ?? entry.reviewBy) !== undefined)
      refusals.push(invalid(['measures', index], 'an ended measure takes no new text, owner or review date'));
    if (entry.outcome === 'kept' && (entry.text ?? entry.owner) !== undefined)
      refusals.push(
        invalid(['measures', index, 'outcome'], 'a measure whose text or owner changes is "changed", not "kept"'),
      );
    const dateProblem = entry.reviewBy !== undefined ? reviewDateProblem(entry.reviewBy, now) : undefined;
    if (dateProblem) refusals.push(invalid(['measures', index, 'reviewBy'], dateProblem));
  });
  const missing = active.filter((measure) => !seen.has(measure.id)).map((measure) => measure.id);
  if (missing.length > 0)
    refusals.push(
      invalid(['measures'], `say what becomes of every measure still in the plan (missing ${missing.join(', ')})`),
    );
  return refusals;
}

/** The plan after a review: ended measures end, changed ones take their new text or owner; every date is the review's. */
export function reviewedMeasures(
  plan: SafetyPlan,
  command: Pick<SafetyPlanReviewCommand, 'measures'>,
): SafetyPlanMeasure[] {
  return plan.measures.map((measure) => {
    const entry = command.measures.find((candidate) => candidate.measureId === measure.id);
    if (!entry || measure.status !== 'active') return measure;
    if (entry.outcome === 'ended') return { ...measure, status: 'ended' };
    const { reviewBy: _previous, ...rest } = measure;
    return {
      ...rest,
      ...(entry.text !== undefined && { text: entry.text }),
      ...(entry.owner !== undefined && { owner: entry.owner }),
      ...(entry.reviewBy !== undefined && { reviewBy: entry.reviewBy }),
    };
  });
}

export const reviewOf = (
  at: string,
  by: string,
  command: Pick<SafetyPlanReviewCommand, 'measures'>,
): SafetyPlanReview => ({
  at,
  by,
  outcomes: command.measures.map(({ measureId, outcome }) => ({ measureId, outcome })),
});

/** A date or instant as an instant to compare by: a date counts to the end of its day (UTC). */
const latestInstantOf = (reviewBy: string): number =>
  reviewBy.length === 10 ? Date.parse(`${reviewBy}T23:59:59Z`) : Date.parse(reviewBy);

/**
 * The review deadlines the plan's active measures call for: one on the profile's interval if any
 * measure has no date of its own, and one at the earliest date any measure was given.
 */
export function planReviewDues(measures: readonly SafetyPlanMeasure[]): {
  onInterval: boolean;
  fixed?: FixedDue;
} {
  const active = measures.filter((measure) => measure.status === 'active');
  const dated = active.flatMap((measure) => (measure.reviewBy === undefined ? [] : [measure.reviewBy]));
  const earliest = dated.reduce<string | undefined>(
    (soonest, date) => (soonest === undefined || latestInstantOf(date) < latestInstantOf(soonest) ? date : soonest),
    undefined,
  );
  const setBy = 'the safety plan';
  return {
    onInterval: active.some((measure) => measure.reviewBy === undefined),
    ...(earliest !== undefined && {
      fixed:
        earliest.length === 10
          ? { kind: 'close_of_business', date: earliest, setBy }
          : { kind: 'instant', at: earliest, setBy },
    }),
  };
}

/** A review deadline is met by any review of the plan after it started, or by a new plan agreed since. */
export function isPlanReviewSatisfied(
  deadline: Pick<CaseDeadline, 'startedAt'>,
  plan: SafetyPlan | undefined,
): boolean {
  if (!plan) return false;
  const after = (at: string) => at > deadline.startedAt;
  return after(plan.agreedAt) || (plan.reviews ?? []).some((review) => after(review.at));
}
