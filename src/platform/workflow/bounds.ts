/*
 * A workflow's state travels whole in its query answers and its continue-as-new input, and
 * Temporal ends a workflow whose payload passes 2 MB: each kind of entry is therefore bounded, far
 * beyond casework, and the next one refused with the reason (409).
 */

/** Why a workflow (`noun`: case, works order, …) holding `held` entries of a kind cannot take another, or undefined. */
export function entryLimitRefusal(held: number, limit: number, entries: string, noun: string): string | undefined {
  if (held < limit) return undefined;
  return `this ${noun} already holds ${limit} ${entries}, as many as one ${noun} can keep; nothing was recorded`;
}

/** How many entries of each kind a child workflow keeps. */
export const CHILD_ENTRY_LIMITS = {
  /** a contractor's new dates for one works order */
  repairDelays: 20,
  /** fresh 24 hours after the survivor was not satisfied */
  repairCompletionDeadlines: 20,
  rehousingOffers: 50,
  localAuthorityDecisions: 50,
  /** move dates set, each replacing the one before */
  moveDeadlines: 20,
  /** MARAC meeting dates, each replacing the one before */
  maracMeetingDates: 20,
  /** reviews of an open safeguarding referral, one each review interval */
  safeguardingReviews: 200,
} as const;
