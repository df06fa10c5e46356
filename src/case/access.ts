import type { Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { currentUser, requireRole, type Principal, type Role } from '../platform/auth';
import { findCaseForAccess, findCasesForAccess, wasOpenedFor, type CaseAccessRecord, type CaseListScope } from './repository';
import { getCaseQuery } from './messages';
import { caseProjectionOf, caseWorkflowId } from './state';
import type { CaseProjection } from './projection';
import { HttpProblem } from '../platform/http/problem';
import { CASEWORK_ROLES } from '../staff/staff';
import { onCaseWorkflow, type CaseWorkflowAccess } from './temporal-errors';
import { parseOrThrow } from '../platform/http/validate';

/**
 * Who may reach the case routes at all. Partners (their own callbacks only) and admins are not
 * case readers (DESIGN §6); auditors read but never act. No role implies another.
 */
const CASE_READERS = [...CASEWORK_ROLES, 'auditor'] as const satisfies readonly Role[];

export const readsCases = requireRole(...CASE_READERS);
/** The alert inbox also serves the repairs manager, to whom repairs breaches escalate. */
export const readsAlerts = requireRole(...CASE_READERS, 'repairs_manager');
export const acknowledgesAlerts = requireRole(...CASEWORK_ROLES, 'repairs_manager');
export const actsOnCases = requireRole(...CASEWORK_ROLES);

/*
 * Need-to-know (DESIGN §6): which cases a principal may see and act on, decided here and nowhere
 * else. `maySeeCase` decides for one case; `caseListScope` is the same rule as SQL, for the case
 * listing and the alert inbox (which shows the alerts of visible cases only). The two must agree:
 * test/integration/case-access.test.ts checks them against each other.
 *
 *   - Only the principal's own organisation's cases, whatever the role.
 *   - Never a case whose perpetrator the principal works with (the disclosure's
 *     perpetrator.officerId, projected as perpetrator_officer_id), whatever the role: that
 *     separation overrides every rule below.
 *   - A caseworker: the cases they are the case officer of, and their team's cases (the token's
 *     team_id claim; without one, only their own).
 *   - Managers, DA leads and heads of service: all of their organisation's cases.
 *   - Auditors: all of their organisation's cases, to read (no action route admits them).
 *   - Anyone else (partners, admins, repairs managers): none; the routes keep them out by role too.
 *
 * A case the principal may not see answers exactly like one that does not exist (404).
 */

/** Roles that see every case of their organisation. */
const ORGANISATION_WIDE: ReadonlySet<Role> = new Set<Role>(['manager', 'da_lead', 'head_of_service', 'auditor']);

/** What need-to-know decides on: whose case it is, and who must never see it. */
export interface CaseAccessFacts {
  organisationId: string;
  caseOfficerId: string;
  teamId: string;
  perpetratorOfficerId: string | null;
}

export function maySeeCase(principal: Principal, found: CaseAccessFacts): boolean {
  if (found.organisationId !== principal.organisationId) return false;
  if (found.perpetratorOfficerId !== null && found.perpetratorOfficerId === principal.staffId) return false;
  if (ORGANISATION_WIDE.has(principal.role)) return true;
  if (principal.role === 'caseworker') {
    return found.caseOfficerId === principal.staffId || (principal.teamId !== undefined && found.teamId === principal.teamId);
  }
  return false;
}

/** `maySeeCase` on a case as the repository finds it. */
const maySeeRecord = (principal: Principal, record: CaseAccessRecord): boolean =>
  maySeeCase(principal, { ...record.projection, perpetratorOfficerId: record.perpetratorOfficerId });

/** The organisation's cases whose perpetrator the principal does not work with: every role's outer bound. */
export function organisationCaseScope(principal: Principal): CaseListScope {
  return {
    condition: (params, alias) =>
      `${alias}.organisation_id = ${params.add(principal.organisationId)} AND ${alias}.perpetrator_officer_id IS DISTINCT FROM ${params.add(principal.staffId)}`,
  };
}

/** `maySeeCase` as an SQL condition over a row of `cases`. */
export function caseListScope(principal: Principal): CaseListScope {
  return {
    condition(params, alias) {
      const conditions = [organisationCaseScope(principal).condition(params, alias)];
      if (principal.role === 'caseworker') {
        const own = `${alias}.case_officer_id = ${params.add(principal.staffId)}`;
        conditions.push(principal.teamId === undefined ? own : `(${own} OR ${alias}.team_id = ${params.add(principal.teamId)})`);
      } else if (!ORGANISATION_WIDE.has(principal.role)) {
        conditions.push('false');
      }
      return conditions.join(' AND ');
    },
  };
}

/** Of `caseIds` (lower-case UUIDs), those the principal may see; a case that does not exist is not among them. */
export async function visibleCaseIds(pool: Pool, principal: Principal, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const found = await findCasesForAccess(pool, caseIds);
  return new Set([...found].filter(([, record]) => maySeeRecord(principal, record)).map(([caseId]) => caseId));
}

/** A disclosure is recorded only by staff of the organisation it is made to. */
export function mayOpenCaseFor(principal: Principal, organisationId: string): boolean {
  return organisationId === principal.organisationId;
}

export const caseIdSchema = z.object({ caseId: z.uuid('the case id must be a UUID') }).loose();
/** The path parameters of a route on one case, as documented. */
export const caseParamsSchema = z.object({ caseId: caseIdSchema.shape.caseId });

/** What reading a case takes: the projection, and the case's workflow while the projection lags. */
export type CaseReadAccess = CaseWorkflowAccess & { pool: Pool };

/**
 * The case named by the path, if the caller may see it. A case the caller may not see answers
 * exactly like one that does not exist, so its existence does not leak. A case the projection does
 * not hold yet (just opened for the caller's organisation, its first projection not yet written) is
 * read from its workflow, under the same rule.
 */
export async function visibleCase(access: CaseReadAccess, req: Request): Promise<CaseProjection> {
  const { caseId } = parseOrThrow(caseIdSchema, req.params, 'path');
  // Only a case opened for the caller's organisation is looked for in its workflow: any other id
  // is answered from the database, without a call on Temporal.
  const found =
    (await findCaseForAccess(access.pool, caseId)) ??
    ((await wasOpenedFor(access.pool, caseId, currentUser(req).organisationId)) ? await caseFromWorkflow(access, caseId) : undefined);
  const visible = found !== undefined && maySeeRecord(currentUser(req), found);
  if (!visible) {
    // The same answer either way; only the audit log (never the caller) learns which it was.
    throw new HttpProblem({ type: 'not-found', title: 'Case not found', detail: `no case ${caseId}` }, found ? 'CaseNotVisible' : 'CaseNotFound');
  }
  return found.projection;
}

/** A case as its workflow's Query shows it, for need-to-know; undefined when no case was opened with that id. */
async function caseFromWorkflow(access: CaseWorkflowAccess, caseId: string): Promise<CaseAccessRecord | undefined> {
  try {
    const view = await onCaseWorkflow(access, caseWorkflowId(caseId.toLowerCase()), (handle) => handle.query(getCaseQuery));
    const { perpetratorOfficerId = null, ...projection } = caseProjectionOf(view);
    return { projection, perpetratorOfficerId };
  } catch (error) {
    if (error instanceof HttpProblem && error.reason === 'WorkflowNotFound') return undefined;
    throw error;
  }
}
