// Need-to-know lives with staff, not with the case: both the case routes and the alert inbox apply it,
// and alerts cannot depend on case (a case raises alerts).
import type { Principal, Role } from '../platform/auth';
import type { SqlParams } from '../platform/db/paged-query';

/**
 * Who may reach the case routes at all. Partners (their own callbacks only) and admins are not
 * case readers (DESIGN §6); auditors read but never act. No role implies another.
 */
export const CASE_ACTORS = ['caseworker', 'manager', 'da_lead', 'head_of_service'] as const satisfies readonly Role[];
export const CASE_READERS = [...CASE_ACTORS, 'auditor'] as const satisfies readonly Role[];

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
    return (
      found.caseOfficerId === principal.staffId || (principal.teamId !== undefined && found.teamId === principal.teamId)
    );
  }
  return false;
}

/**
 * The cases a principal may list, as an SQL condition over a row of `cases` called `alias`, its
 * values added to `params`. This file decides (caseListScope); the case listing and the alert
 * inbox only apply it.
 */
export interface CaseListScope {
  condition(params: SqlParams, alias: string): string;
}

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
        conditions.push(
          principal.teamId === undefined ? own : `(${own} OR ${alias}.team_id = ${params.add(principal.teamId)})`,
        );
      } else if (!ORGANISATION_WIDE.has(principal.role)) {
        conditions.push('false');
      }
      return conditions.join(' AND ');
    },
  };
}
