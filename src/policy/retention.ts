import type { PolicyProfile } from './profile';

export type RetentionPolicy = NonNullable<PolicyProfile['retention']>;

/**
 * No source policy states how long a domestic-abuse case is kept after it closes, so the period is a
 * platform default: six years after closure, the retention schedule housing providers commonly keep
 * (issue 16), to be confirmed by each organisation's data protection officer.
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { yearsAfterClosure: 6 };

/** The retention policy of a profile; profiles recorded before it existed get the default. */
export function retentionPolicyOf(profile: PolicyProfile): RetentionPolicy {
  return (profile as Partial<PolicyProfile>).retention ?? DEFAULT_RETENTION_POLICY;
}
