import { STAFF_ROLES, staffRoleSchema, type StaffRole } from '../../staff/staff';

/** A token carries exactly one of the staff roles (DESIGN §6); nothing implies another. */
export const ROLES = STAFF_ROLES;
export type Role = StaffRole;
export const roleSchema = staffRoleSchema;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
