import { loadPolicyProfiles } from '../../src/policy/registry';
import type { PolicyProfile } from '../../src/policy';

/** The shipped profiles, loaded from policies/profiles/ as the product loads them. */
export const shippedProfiles = loadPolicyProfiles().registry;

export function shippedProfile(id: string): PolicyProfile {
  const profile = shippedProfiles.get(id);
  if (!profile) throw new Error(`no shipped profile "${id}"`);
  return profile;
}
