import { loadPolicyProfiles } from '../../src/policy/registry';
import type { PolicyProfile } from '../../src/policy';

/** The shipped profiles, loaded from policies/profiles/ as the product loads them. */
export const shippedProfiles = loadPolicyProfiles().registry;

export function shippedProfile(id: string): PolicyProfile {
  const profile = shippedProfiles.get(id);
  if (!profile) throw new Error(`no shipped profile "${id}"`);
  return profile;
}

/** The shipped profiles and the two examples (policies/examples/) as `id version`, in the registry's order. */
export const SHIPPED_AND_EXAMPLE_VERSIONS = [
  'connect 1.4.0',
  'example-glenbrae-scotland 1.3.0',
  'example-loughside-northern-ireland 1.3.0',
  'kent-housing 1.4.0',
  'ssj 1.4.0',
  'stonewater 1.4.0',
];
