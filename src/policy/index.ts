export {
  ESCALATION_RUNGS,
  InvalidPolicyProfileError,
  REFERRAL_ROUTES,
  parsePolicyProfile,
  policyProfileSchema,
  type EscalationRung,
  type EscalationStep,
  type UrgentPolicy,
  type SafetyPlanPolicy,
  type SafeguardingPolicy,
  type PolicyProfile,
  type ProfileProblem,
  type ProvenanceEntry,
  type ReferralRoute,
} from './profile';
export { platformDefaults } from './defaults';
export { urgentPolicyOf } from './urgent';
export { safetyPlanPolicyOf } from './safety-plan';
export { perpetratorActionsOf } from './perpetrator';
export { safeguardingPolicyOf, safeguardingLadder } from './safeguarding';
