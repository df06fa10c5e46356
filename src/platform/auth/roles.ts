import { z } from 'zod';

/**
 * DESIGN section 6: a token carries exactly one of the staff roles; nothing implies another.
 * Managers, DA leads and heads of service are the organisation's approvers.
 */
export const ROLES = [
  'caseworker',
  'manager',
  'da_lead',
  'head_of_service',
  'repairs_manager',
  'auditor',
  'partner',
  'admin',
] as const;
/** The organisation's own staff: every role but a partner's (who answers their callbacks only). */
export const ORGANISATION_STAFF = ROLES.filter((role) => role !== 'partner');

export const roleSchema = z.enum(ROLES, { error: `the role must be one of: ${ROLES.join(', ')}` });
export type Role = z.infer<typeof roleSchema>;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
