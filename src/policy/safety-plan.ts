import type { PolicyProfile, SafetyPlanPolicy } from './profile';
import type { Timescale } from '../deadlines/timescale';

/**
 * How long a safety-plan measure runs before it is reviewed, where the policy names no interval (none
 * of the source policies does): four weeks, as the platform reviews a case (DESIGN §3 step 8).
 */
export const DEFAULT_SAFETY_PLAN_REVIEW_AFTER: Extract<Timescale, { unit: 'calendar_days' }> = {
  unit: 'calendar_days',
  amount: 28,
};

/**
 * The safety-plan policy of a profile; profiles recorded in a case's history before it existed name
 * no options (every measure is free text) and review on the platform's default.
 */
export function safetyPlanPolicyOf(profile: PolicyProfile): SafetyPlanPolicy {
  const recorded = (profile as Partial<PolicyProfile>).safetyPlan;
  return recorded ?? { measures: {}, reviewAfter: DEFAULT_SAFETY_PLAN_REVIEW_AFTER };
}
