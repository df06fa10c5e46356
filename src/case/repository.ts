import type { Pool } from 'pg';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import type { CaseListScope } from '../staff/need-to-know';
import type { CaseProjection } from './projection';

interface CaseRow {
  case_id: string;
  workflow_id: string;
  organisation_id: string;
  policy_profile: string;
  policy_version: string;
  status: CaseProjection['status'];
  risk_level: CaseProjection['riskLevel'];
  case_officer_id: string;
  team_id: string;
  perpetrator_officer_id: string | null;
  breached: boolean;
  opened_at: Date;
  updated_at: Date;
  state_version: number;
}

const toProjection = (row: CaseRow): CaseProjection => ({
  caseId: row.case_id,
  workflowId: row.workflow_id,
  organisationId: row.organisation_id,
  policyProfile: row.policy_profile,
  policyVersion: row.policy_version,
  status: row.status,
  riskLevel: row.risk_level,
  caseOfficerId: row.case_officer_id,
  teamId: row.team_id,
  breached: row.breached,
  openedAt: row.opened_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  stateVersion: row.state_version,
});

export async function findCase(pool: Pool, caseId: string): Promise<CaseProjection | undefined> {
  return (await findCaseForAccess(pool, caseId))?.projection;
}

/**
 * A case as need-to-know decides on it (src/case/access.ts): the projection staff are served,
 * and who must never see it, which is not served.
 */
export interface CaseAccessRecord {
  projection: CaseProjection;
  perpetratorOfficerId: string | null;
}

const toAccessRecord = (row: CaseRow): CaseAccessRecord => ({
  projection: toProjection(row),
  perpetratorOfficerId: row.perpetrator_officer_id,
});

export async function findCaseForAccess(pool: Pool, caseId: string): Promise<CaseAccessRecord | undefined> {
  const result = await pool.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1', [caseId]);
  const row = result.rows[0];
  return row && toAccessRecord(row);
}

/** Whether a disclosure to this organisation opened the case (recorded before its workflow starts). */
export async function wasOpenedFor(pool: Pool, caseId: string, organisationId: string): Promise<boolean> {
  const result = await pool.query('SELECT 1 FROM disclosure_requests WHERE case_id = $1 AND organisation_id = $2', [
    caseId,
    organisationId,
  ]);
  return result.rowCount !== 0;
}

/** findCaseForAccess for several cases in one query, by lower-case case id; cases not found are absent. */
export async function findCasesForAccess(
  pool: Pool,
  caseIds: readonly string[],
): Promise<Map<string, CaseAccessRecord>> {
  const result = await pool.query<CaseRow>('SELECT * FROM cases WHERE case_id = ANY($1::uuid[])', [caseIds]);
  return new Map(result.rows.map((row) => [row.case_id, toAccessRecord(row)]));
}

/** Waits briefly for the workflow's first projection so a client can read its own write. */
export async function waitForCase(pool: Pool, caseId: string, timeoutMs: number): Promise<CaseProjection | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const found = await findCase(pool, caseId);
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export interface CaseListFilter {
  status?: CaseProjection['status'];
  riskLevel?: CaseProjection['riskLevel'];
  caseOfficerId?: string;
  breached?: boolean;
}

const FILTER_COLUMNS: Record<keyof CaseListFilter, string> = {
  status: 'status',
  riskLevel: 'risk_level',
  caseOfficerId: 'case_officer_id',
  breached: 'breached',
};

/** A case in a list: its projection, and the deadline it owes next (staff plan their day by it). */
export interface CaseListItem extends CaseProjection {
  /** the open deadline due soonest, of the case or its linked workflows; null when none is owed */
  nextDeadline: { task: string; dueAt: string | null } | null;
}

/**
 * The open deadline due soonest of each listed case, from the deadlines' projection (one row at
 * most); one whose due time is still being computed (moments after it starts) comes last.
 */
const CASES_WITH_NEXT_DEADLINE = `cases LEFT JOIN LATERAL (
  SELECT task AS next_deadline_task, due_at AS next_deadline_due_at FROM deadline_outcomes
  WHERE deadline_outcomes.case_id = cases.case_id AND status IN ('pending', 'overdue')
  ORDER BY due_at NULLS LAST, started_at, deadline_id LIMIT 1) next_deadline ON true`;

const toListItem = (row: CaseRow & { next_deadline_task: string | null; next_deadline_due_at: Date | null }) => ({
  ...toProjection(row),
  nextDeadline:
    row.next_deadline_task === null
      ? null
      : { task: row.next_deadline_task, dueAt: row.next_deadline_due_at?.toISOString() ?? null },
});

/** Newest first, from the projection; filters are ANDed. */
export function listCases(
  pool: Pool,
  scope: CaseListScope,
  filter: CaseListFilter,
  page: PageRequest,
): Promise<Page<CaseListItem>> {
  const params = new SqlParams();
  const conditions = [scope.condition(params, 'cases')];
  for (const [key, column] of Object.entries(FILTER_COLUMNS) as [keyof CaseListFilter, string][]) {
    if (filter[key] !== undefined) conditions.push(`${column} = ${params.add(filter[key])}`);
  }
  return selectPage(
    pool,
    {
      from: CASES_WITH_NEXT_DEADLINE,
      // The next deadline joins one row at most to each case: the count needs the cases alone.
      countFrom: 'cases',
      where: conditions.join(' AND '),
      params,
      orderBy: 'opened_at DESC, cases.case_id',
    },
    page,
    toListItem,
  );
}

/** The cases linked to this one: the earlier closed case it follows, and the later cases that follow it. */
export interface CaseLinks {
  /** the earlier closed case this case was opened to follow (POST /cases with linkedToCaseId) */
  follows?: string;
  /** later cases opened to follow this one, oldest first */
  followedBy: string[];
}

export async function caseLinks(pool: Pool, caseId: string): Promise<CaseLinks> {
  const result = await pool.query<{ case_id: string; linked_to_case_id: string }>(
    'SELECT case_id, linked_to_case_id FROM case_links WHERE case_id = $1 OR linked_to_case_id = $1 ORDER BY linked_at, case_id',
    [caseId],
  );
  const follows = result.rows.find((row) => row.case_id === caseId)?.linked_to_case_id;
  return {
    ...(follows ? { follows } : {}),
    followedBy: result.rows.filter((row) => row.linked_to_case_id === caseId).map((row) => row.case_id),
  };
}

/** Records that `caseId` follows `linkedToCaseId`; once per case, so a retried opening adds nothing. */
export async function linkCase(
  pool: Pool,
  link: { caseId: string; linkedToCaseId: string; organisationId: string; linkedBy: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO case_links (case_id, linked_to_case_id, organisation_id, linked_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id) DO NOTHING`,
    [link.caseId, link.linkedToCaseId, link.organisationId, link.linkedBy],
  );
}
