import type { EscalationStep, PolicyProfile, SafeguardingPolicy } from './profile';
import { urgentPolicyOf } from './urgent';

/**
 * No source policy states how soon a safeguarding referral is made or how often an open one is
 * reviewed, so these are platform defaults: made by close of business the next working day (as a
 * MARAC referral is submitted), reviewed every 14 days until the local authority gives its outcome.
 */
export const DEFAULT_SAFEGUARDING_POLICY: SafeguardingPolicy = {
  referralWithin: { unit: 'working_days', amount: 1 },
  reviewEvery: { unit: 'calendar_days', amount: 14 },
  roleTitle: 'Safeguarding lead',
};

/** The safeguarding policy of a profile; profiles recorded in a case's history before it existed get the defaults. */
export function safeguardingPolicyOf(profile: PolicyProfile): SafeguardingPolicy {
  return (profile as Partial<PolicyProfile>).safeguarding ?? DEFAULT_SAFEGUARDING_POLICY;
}

/**
 * Who hears of a safeguarding referral not made in time: the profile's safeguarding role at the
 * deadline, then the profile's own ladder (its urgent one for urgent work), the safeguarding rung
 * named once.
 */
export function safeguardingLadder(profile: PolicyProfile, urgent: boolean): EscalationStep[] {
  const ladder = urgent ? urgentPolicyOf(profile).escalationLadder : profile.escalationLadder;
  return [
    {
      rung: 'safeguarding_lead',
      roleTitle: safeguardingPolicyOf(profile).roleTitle,
      afterDeadline: { unit: 'calendar_hours', amount: 0 },
    },
    ...ladder.filter((step) => step.rung !== 'safeguarding_lead'),
  ];
}
