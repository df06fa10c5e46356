import type { EscalationRung, PolicyProfile } from '../../policy/profile';

/** What the organisation calls the role on a rung of its escalation ladder, or `fallback` where its ladder has no such rung. */
export const roleTitle = (
  profile: Pick<PolicyProfile, 'escalationLadder'>,
  rung: EscalationRung,
  fallback: string,
): string => profile.escalationLadder.find((step) => step.rung === rung)?.roleTitle ?? fallback;
