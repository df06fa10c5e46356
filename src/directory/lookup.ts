import type { Queryable } from '../platform/db/queryable';
import type { StaffRole } from '../staff/staff';

/**
 * Who stands where, as an alert's recipients are resolved when it is raised
 * (src/alerts/recipients.ts): always within the alert's organisation, from the directory as it is
 * at that moment, so routing follows people as they move, leave or go on leave.
 */
export interface DirectoryPerson {
  staffId: string;
  role: StaffRole;
  email: string | null;
  active: boolean;
  absent: boolean;
  coverStaffId: string | null;
  lineManagerId: string | null;
  /** their own area, else their team's */
  areaId: string | null;
  /** in their own words, for a survivor's request for an officer of a given gender */
  gender: string | null;
}

export interface DirectoryLookup {
  person(staffId: string): Promise<DirectoryPerson | undefined>;
  /** the active holders of a role, in an area when one is given */
  holders(role: StaffRole, areaId?: string): Promise<DirectoryPerson[]>;
  /** the active staff on an on-call shift covering the instant */
  onCall(at: string): Promise<DirectoryPerson[]>;
}

const PERSON = `SELECT s.staff_id AS "staffId", s.role, s.email, s.gender, s.active, s.absent, s.cover_staff_id AS "coverStaffId",
                       s.line_manager_id AS "lineManagerId", coalesce(s.area_id, t.area_id) AS "areaId"
                FROM staff s LEFT JOIN teams t ON t.organisation_id = s.organisation_id AND t.team_id = s.team_id`;

export function directoryLookup(db: Queryable, organisationId: string): DirectoryLookup {
  return {
    async person(staffId) {
      const { rows } = await db.query<DirectoryPerson>(`${PERSON} WHERE s.organisation_id = $1 AND s.staff_id = $2`, [
        organisationId,
        staffId,
      ]);
      return rows[0];
    },
    async holders(role, areaId) {
      const inArea = areaId === undefined ? '' : 'AND coalesce(s.area_id, t.area_id) = $3';
      const { rows } = await db.query<DirectoryPerson>(
        `${PERSON} WHERE s.organisation_id = $1 AND s.role = $2 AND s.active ${inArea} ORDER BY s.staff_id`,
        areaId === undefined ? [organisationId, role] : [organisationId, role, areaId],
      );
      return rows;
    },
    async onCall(at) {
      const { rows } = await db.query<DirectoryPerson>(
        `${PERSON} JOIN on_call_shifts o ON o.staff_id = s.staff_id AND o.organisation_id = s.organisation_id
         WHERE s.organisation_id = $1 AND s.active AND o.starts_at <= $2 AND o.ends_at > $2
         ORDER BY o.starts_at, s.staff_id`,
        [organisationId, at],
      );
      return rows;
    },
  };
}
