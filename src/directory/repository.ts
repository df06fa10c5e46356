import type { Pool } from 'pg';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import type { Queryable } from '../platform/db/queryable';
import { inTransaction } from '../platform/db/transaction';
import type {
  Area,
  AreaBody,
  OnCallShift,
  OnCallShiftBody,
  Organisation,
  OrganisationBody,
  StaffBody,
  StaffMember,
  Team,
  TeamBody,
} from './directory';
import type { DirectoryIds, ImportedStaff } from './staff-import';

/**
 * The directory's rows, always within one organisation: the caller's (the admin's token's
 * organisation_id). A PUT answers whether it created the row, so the route can say 201 or 200.
 */

export type Put<T> = { outcome: 'stored'; created: boolean; item: T } | { outcome: 'taken' };

const iso = (date: Date): string => date.toISOString();

interface OrganisationRow {
  organisation_id: string;
  name: string;
  policy_profile_id: string;
  updated_at: Date;
}
const toOrganisation = (row: OrganisationRow): Organisation => ({
  organisationId: row.organisation_id,
  name: row.name,
  policyProfileId: row.policy_profile_id,
  updatedAt: iso(row.updated_at),
});

interface AreaRow {
  area_id: string;
  name: string;
  updated_at: Date;
}
const toArea = (row: AreaRow): Area => ({ areaId: row.area_id, name: row.name, updatedAt: iso(row.updated_at) });

interface TeamRow extends AreaRow {
  team_id: string;
  area_id: string;
}
const toTeam = (row: TeamRow): Team => ({
  teamId: row.team_id,
  name: row.name,
  areaId: row.area_id,
  updatedAt: iso(row.updated_at),
});

interface StaffRow {
  staff_id: string;
  role: StaffBody['role'];
  team_id: string | null;
  area_id: string | null;
  line_manager_id: string | null;
  email: string | null;
  active: boolean;
  absent: boolean;
  cover_staff_id: string | null;
  gender: string | null;
  updated_at: Date;
}
const toStaff = (row: StaffRow): StaffMember => ({
  staffId: row.staff_id,
  role: row.role,
  teamId: row.team_id,
  areaId: row.area_id,
  lineManagerId: row.line_manager_id,
  email: row.email,
  active: row.active,
  absent: row.absent,
  coverStaffId: row.cover_staff_id,
  gender: row.gender,
  updatedAt: iso(row.updated_at),
});

interface ShiftRow {
  shift_id: string;
  staff_id: string;
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
}
const toShift = (row: ShiftRow): OnCallShift => ({
  shiftId: row.shift_id,
  staffId: row.staff_id,
  startsAt: iso(row.starts_at),
  endsAt: iso(row.ends_at),
  updatedAt: iso(row.updated_at),
});

type Created<Row> = Row & { created: boolean };
const stored = <Row, T>(rows: Created<Row>[], to: (row: Row) => T): Put<T> =>
  rows[0] ? { outcome: 'stored', created: rows[0].created, item: to(rows[0]) } : { outcome: 'taken' };

/** One organisation's rows of a directory table, paged in id order. */
function listOf<Row extends object, T>(
  table: string,
  idColumn: string,
  to: (row: Row) => T,
  extra?: (params: SqlParams) => string,
) {
  return (pool: Pool, organisationId: string, page: PageRequest): Promise<Page<T>> => {
    const params = new SqlParams();
    const where = [`organisation_id = ${params.add(organisationId)}`, ...(extra ? [extra(params)] : [])].join(' AND ');
    return selectPage<Row & { [key: string]: unknown }, T>(
      pool,
      { from: table, where, params, orderBy: idColumn },
      page,
      to,
    );
  };
}

/** One row by id within the organisation. */
function getOf<Row extends object, T>(table: string, idColumn: string, to: (row: Row) => T) {
  return async (db: Queryable, organisationId: string, id: string): Promise<T | undefined> => {
    const { rows } = await db.query<Row & { [key: string]: unknown }>(
      `SELECT * FROM ${table} WHERE organisation_id = $1 AND ${idColumn} = $2`,
      [organisationId, id],
    );
    return rows[0] && to(rows[0]);
  };
}

export const listOrganisations = listOf('organisations', 'organisation_id', toOrganisation);
export const getOrganisation = getOf('organisations', 'organisation_id', toOrganisation);
export const listAreas = listOf('areas', 'area_id', toArea);
export const getArea = getOf('areas', 'area_id', toArea);
export const listTeams = listOf('teams', 'team_id', toTeam);
export const getTeam = getOf('teams', 'team_id', toTeam);
export const listStaff = listOf('staff', 'staff_id', toStaff);
export const getStaff = getOf('staff', 'staff_id', toStaff);
export const getShift = getOf('on_call_shifts', 'shift_id', toShift);

/** Shifts overlapping [from, to), earliest first. */
export function listShifts(
  pool: Pool,
  organisationId: string,
  page: PageRequest & { from?: string; to?: string },
): Promise<Page<OnCallShift>> {
  const { from, to, ...paging } = page;
  const params = new SqlParams();
  const conditions = [`organisation_id = ${params.add(organisationId)}`];
  if (from !== undefined) conditions.push(`ends_at > ${params.add(from)}`);
  if (to !== undefined) conditions.push(`starts_at < ${params.add(to)}`);
  return selectPage(
    pool,
    { from: 'on_call_shifts', where: conditions.join(' AND '), params, orderBy: 'starts_at, shift_id' },
    paging,
    toShift,
  );
}

/** The policy profile the organisation's cases follow, if the directory holds the organisation. */
export async function organisationPolicyProfileId(db: Queryable, organisationId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ policy_profile_id: string }>(
    'SELECT policy_profile_id FROM organisations WHERE organisation_id = $1',
    [organisationId],
  );
  return rows[0]?.policy_profile_id;
}

// `xmax = 0` holds for a row this statement inserted, not one it updated: created or replaced.
const CREATED = '(xmax = 0) AS created';

export async function putOrganisation(pool: Pool, id: string, body: OrganisationBody): Promise<Put<Organisation>> {
  const { rows } = await pool.query<Created<OrganisationRow>>(
    `INSERT INTO organisations (organisation_id, name, policy_profile_id) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id) DO UPDATE SET name = EXCLUDED.name, policy_profile_id = EXCLUDED.policy_profile_id,
       updated_at = now()
     RETURNING *, ${CREATED}`,
    [id, body.name, body.policyProfileId],
  );
  return stored(rows, toOrganisation);
}

export async function putArea(pool: Pool, organisationId: string, id: string, body: AreaBody): Promise<Put<Area>> {
  const { rows } = await pool.query<Created<AreaRow>>(
    `INSERT INTO areas (organisation_id, area_id, name) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, area_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
     RETURNING *, ${CREATED}`,
    [organisationId, id, body.name],
  );
  return stored(rows, toArea);
}

export async function putTeam(pool: Pool, organisationId: string, id: string, body: TeamBody): Promise<Put<Team>> {
  const { rows } = await pool.query<Created<TeamRow>>(
    `INSERT INTO teams (organisation_id, team_id, name, area_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, team_id) DO UPDATE SET name = EXCLUDED.name, area_id = EXCLUDED.area_id,
       updated_at = now()
     RETURNING *, ${CREATED}`,
    [organisationId, id, body.name, body.areaId],
  );
  return stored(rows, toTeam);
}

/** Stores one member of staff; a staff id another organisation holds is `taken` (ids are the tokens' `sub`). */
export async function putStaff(
  db: Queryable,
  organisationId: string,
  staffId: string,
  body: StaffBody,
): Promise<Put<StaffMember>> {
  const { rows } = await db.query<Created<StaffRow>>(
    `INSERT INTO staff (staff_id, organisation_id, role, team_id, area_id, line_manager_id, email, active, absent,
                        cover_staff_id, gender)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (staff_id) DO UPDATE SET role = EXCLUDED.role, team_id = EXCLUDED.team_id, area_id = EXCLUDED.area_id,
       line_manager_id = EXCLUDED.line_manager_id, email = EXCLUDED.email, active = EXCLUDED.active,
       absent = EXCLUDED.absent, cover_staff_id = EXCLUDED.cover_staff_id, gender = EXCLUDED.gender, updated_at = now()
     WHERE staff.organisation_id = EXCLUDED.organisation_id
     RETURNING *, ${CREATED}`,
    [
      staffId,
      organisationId,
      body.role,
      body.teamId,
      body.areaId,
      body.lineManagerId,
      body.email,
      body.active,
      body.absent,
      body.coverStaffId,
      body.gender,
    ],
  );
  return stored(rows, toStaff);
}

/** Every row in one transaction: all stored, or (on any refusal) none. */
export async function importStaff(
  pool: Pool,
  organisationId: string,
  rows: readonly ImportedStaff[],
): Promise<{ outcome: 'stored'; created: number; updated: number } | { outcome: 'taken'; staffId: string }> {
  return inTransaction(pool, async (client) => {
    let created = 0;
    for (const { staffId, body } of rows) {
      const result = await putStaff(client, organisationId, staffId, body);
      if (result.outcome === 'taken') throw new StaffIdTaken(staffId);
      if (result.created) created += 1;
    }
    return { outcome: 'stored' as const, created, updated: rows.length - created };
  }).catch((error: unknown) => {
    if (error instanceof StaffIdTaken) return { outcome: 'taken' as const, staffId: error.staffId };
    throw error;
  });
}

class StaffIdTaken extends Error {
  constructor(readonly staffId: string) {
    super(`staff id ${staffId} is taken`);
  }
}

/** The staff, team and area ids the organisation's directory holds. */
export async function directoryIds(
  db: Queryable,
  organisationId: string,
  /** only these ids, of those the organisation holds (one PUT's references); unset: all of them (an import) */
  only?: { staff: string[]; teams: string[]; areas: string[] },
): Promise<DirectoryIds> {
  const ids = (column: string, table: string, among: string[] | undefined) =>
    db.query<{ id: string }>(
      `SELECT ${column} AS id FROM ${table} WHERE organisation_id = $1${among ? ` AND ${column} = ANY($2::text[])` : ''}`,
      among ? [organisationId, among] : [organisationId],
    );
  const [staff, teams, areas] = await Promise.all([
    ids('staff_id', 'staff', only?.staff),
    ids('team_id', 'teams', only?.teams),
    ids('area_id', 'areas', only?.areas),
  ]);
  const set = (result: { rows: { id: string }[] }) => new Set(result.rows.map((row) => row.id));
  return { staff: set(staff), teams: set(teams), areas: set(areas) };
}

/** A shift of one of the organisation's staff; a shift id another organisation holds is `taken`. */
export async function putShift(
  pool: Pool,
  organisationId: string,
  shiftId: string,
  body: OnCallShiftBody,
): Promise<Put<OnCallShift>> {
  const { rows } = await pool.query<Created<ShiftRow>>(
    `INSERT INTO on_call_shifts (shift_id, organisation_id, staff_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (shift_id) DO UPDATE SET staff_id = EXCLUDED.staff_id, starts_at = EXCLUDED.starts_at,
       ends_at = EXCLUDED.ends_at, updated_at = now()
     WHERE on_call_shifts.organisation_id = EXCLUDED.organisation_id
     RETURNING *, ${CREATED}`,
    [shiftId, organisationId, body.staffId, body.startsAt, body.endsAt],
  );
  return stored(rows, toShift);
}
