import type { EscalationRung, PolicyProfile, UrgentPolicy } from './profile';

/**
 * Urgent deadlines (immediate danger, urgent temporary accommodation, a high-risk DASH) escalate
 * in clock hours, not working days. No source policy states the intervals, so these are platform
 * defaults: the line manager at the deadline, the DA lead an hour after, the head of service two.
 */
const DEFAULT_URGENT_HOURS_AFTER_DEADLINE: Partial<Record<EscalationRung, number>> = {
  line_manager: 0,
  da_lead: 1,
  head_of_service: 2,
};
const DEFAULT_URGENT_HOURS_FOR_OTHER_RUNGS = 1;

export const DEFAULT_ON_CALL_ROLE_TITLE = 'On-call manager';

export const defaultUrgentHours = (rung: EscalationRung): number =>
  DEFAULT_URGENT_HOURS_AFTER_DEADLINE[rung] ?? DEFAULT_URGENT_HOURS_FOR_OTHER_RUNGS;

/** The urgent policy of a profile; profiles recorded in a case's history before it existed get the defaults. */
export function urgentPolicyOf(profile: PolicyProfile): UrgentPolicy {
  const recorded = (profile as Partial<PolicyProfile>).urgent;
  if (recorded) return recorded;
  return {
    escalationLadder: profile.escalationLadder.map((step) => ({
      rung: step.rung,
      roleTitle: step.roleTitle,
      afterDeadline: { unit: 'calendar_hours', amount: defaultUrgentHours(step.rung) },
    })),
    onCall: { roleTitle: DEFAULT_ON_CALL_ROLE_TITLE },
  };
}
