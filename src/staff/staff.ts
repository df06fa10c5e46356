import { z } from 'zod';
import { boundedText } from '../platform/text';
import { ROLES as STAFF_ROLES, roleSchema as staffRoleSchema, type Role as StaffRole } from '../platform/auth/roles';
import type { EscalationRung } from '../policy/profile';
import type { ApproverRole } from '../sharing/consent';

/** The staff roles are the roles a token carries (DESIGN section 6). */
export { STAFF_ROLES, staffRoleSchema, type StaffRole };

/** Who did something: set by the API from the authenticated principal, never from a request body. */
export const actorSchema = z.strictObject({ staffId: boundedText(100), role: staffRoleSchema });
export type Actor = z.infer<typeof actorSchema>;

/** Seniority for the approvals that policies reserve to a rank "or above". */
const SENIORITY = { caseworker: 1, manager: 2, da_lead: 3, head_of_service: 4 } as const satisfies Partial<
  Record<StaffRole, number>
>;

/** The roles that act on a case, those with a rank; auditors read, partners answer their own callbacks, admins administer. */
export const CASEWORK_ROLES = Object.keys(SENIORITY) as (keyof typeof SENIORITY)[];

export function isAtLeast(role: StaffRole, minimum: ApproverRole): boolean {
  return ((SENIORITY as Partial<Record<StaffRole, number>>)[role] ?? 0) >= SENIORITY[minimum];
}

const rungRoles: Partial<Record<EscalationRung, ApproverRole>> = {
  line_manager: 'manager',
  da_lead: 'da_lead',
  head_of_service: 'head_of_service',
};

/** The staff role that stands on an escalation rung; specialist rungs count as DA-lead level. */
export const approverRoleForRung = (rung: EscalationRung): ApproverRole => rungRoles[rung] ?? 'da_lead';
