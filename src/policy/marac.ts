import type { PolicyProfile } from './profile';

type MaracAreas = PolicyProfile['maracAreas'];

/** The MARAC areas of a profile; profiles recorded in a case's history before they existed name none. */
export const maracAreasOf = (profile: PolicyProfile): MaracAreas =>
  (profile as Partial<PolicyProfile>).maracAreas ?? {};
