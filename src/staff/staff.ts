import { z } from 'zod';
import { boundedText } from '../platform/text';
import type { EscalationRung } from '../policy/profile';
import type { ApproverRole } from '../sharing/consent';

/** DESIGN section 6. Managers, DA leads and heads of service are the organisation's approvers. */
export const STAFF_ROLES = ['caseworker', 'manager', 'da_lead', 'head_of_service', 'repairs_manager', 'auditor', 'partner', 'admin'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES, { error: `the role must be one of: ${STAFF_ROLES.join(', ')}` });
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** Who did something: set by the API from the authenticated principal, never from a request body. */
export const actorSchema = z.strictObject({ staffId: boundedText(100), role: staffRoleSchema });
export type Actor = z.infer<typeof actorSchema>;

/** The roles that act on a case; auditors read, partners answer their own callbacks, admins administer. */
export const CASEWORK_ROLES = ['caseworker', 'manager', 'da_lead', 'head_of_service'] as const satisfies readonly StaffRole[];

/** Seniority for the approvals that policies reserve to a rank "or above". */
const seniority: Partial<Record<StaffRole, number>> = { caseworker: 1, manager: 2, da_lead: 3, head_of_service: 4 };

export function isAtLeast(role: StaffRole, minimum: ApproverRole): boolean {
  return (seniority[role] ?? 0) >= seniority[minimum]!;
}

const rungRoles: Partial<Record<EscalationRung, ApproverRole>> = {
  line_manager: 'manager',
  da_lead: 'da_lead',
  head_of_service: 'head_of_service',
};

/** The staff role that stands on an escalation rung; specialist rungs count as DA-lead level. */
export const approverRoleForRung = (rung: EscalationRung): ApproverRole => rungRoles[rung] ?? 'da_lead';

/** Who is alerted on a rung: the role itself where staff hold it, otherwise the DA lead. */
export const staffRoleForRung = (rung: Exclude<EscalationRung, 'line_manager'>): StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(rung) ? (rung as StaffRole) : 'da_lead';
