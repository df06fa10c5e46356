import type { PolicyProfile } from './profile';

export type ReportingPacksPolicy = PolicyProfile['reportingPacks'];

/**
 * Where a policy names no reporting cadence, a quarterly pack (a platform default: a quarter holds
 * enough cases for most counts to be shown). No source policy names a small-count threshold: 5 is a
 * platform default, the common rule in UK official statistics (counts 1 to 4 are shown as "<5").
 */
export const DEFAULT_REPORTING_PACKS: ReportingPacksPolicy = { periods: ['quarterly'], smallCountThreshold: 5 };

/** The reporting packs of a profile; a profile recorded before they existed gets the default. */
export function reportingPacksOf(profile: PolicyProfile): ReportingPacksPolicy {
  return (profile as Partial<PolicyProfile>).reportingPacks ?? DEFAULT_REPORTING_PACKS;
}
