import type { PolicyProfile } from './profile';
import { connectProfile } from './profiles/connect';
import { kentProfile } from './profiles/kent';
import { ssjProfile } from './profiles/ssj';
import { stonewaterProfile } from './profiles/stonewater';

export {
  ESCALATION_RUNGS,
  InvalidPolicyProfileError,
  REFERRAL_ROUTES,
  parsePolicyProfile,
  policyProfileSchema,
  type EscalationRung,
  type EscalationStep,
  type UrgentPolicy,
  type PolicyProfile,
  type ProvenanceEntry,
  type ReferralRoute,
} from './profile';
export { platformDefaults } from './defaults';
export { urgentPolicyOf } from './urgent';

/** Shipped profiles by id; each was validated when its module loaded. */
export const policyProfiles: Record<string, PolicyProfile> = {
  [ssjProfile.id]: ssjProfile,
  [stonewaterProfile.id]: stonewaterProfile,
  [connectProfile.id]: connectProfile,
  [kentProfile.id]: kentProfile,
};

export function getPolicyProfile(id: string): PolicyProfile | undefined {
  // hasOwn, so ids such as "constructor" do not find Object.prototype members.
  return Object.hasOwn(policyProfiles, id) ? policyProfiles[id] : undefined;
}

export function listPolicyProfiles(): PolicyProfile[] {
  return Object.values(policyProfiles);
}
