import type { PolicyProfile } from './profile';

export type ReopeningPolicy = PolicyProfile['reopening'];

/**
 * No source policy speaks of reopening a closed case, so the period is a platform default: about
 * three months from the closure, counted on the calendar.
 */
export const DEFAULT_REOPENING_POLICY: ReopeningPolicy = { within: { unit: 'calendar_days', amount: 90 } };

/** The reopening policy of a profile; profiles recorded in a case's history before it existed get the default. */
export function reopeningPolicyOf(profile: PolicyProfile): ReopeningPolicy {
  return (profile as Partial<PolicyProfile>).reopening ?? DEFAULT_REOPENING_POLICY;
}
