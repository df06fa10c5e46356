import type { Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { currentUser, requireRole, type Principal, type Role } from '../auth';
import { findCase, type CaseListScope } from '../cases/case-repository';
import type { CaseProjection } from '../workflows/case/state';
import { HttpProblem } from './problem';
import { parseOrThrow } from './validate';

/**
 * Who may reach the case routes at all. Partners (their own callbacks only) and admins are not
 * case readers (DESIGN §6); auditors read but never act. No role implies another.
 */
const CASE_ACTORS = ['caseworker', 'manager', 'da_lead', 'head_of_service'] as const satisfies readonly Role[];
const CASE_READERS = [...CASE_ACTORS, 'auditor'] as const satisfies readonly Role[];

export const readsCases = requireRole(...CASE_READERS);
export const actsOnCases = requireRole(...CASE_ACTORS);

/*
 * Need-to-know: which cases a principal may see and act on, decided here and nowhere else.
 *
 * Today the rule is the organisation: a principal sees its own organisation's cases only.
 * The finer rules of DESIGN §6 (a caseworker sees their own and their team's cases; the officer
 * working with the perpetrator never sees the survivor's case) belong in `maySeeCase` and, in
 * the same change, in `caseListScope`, the form of the rule the case listing filters by in SQL
 * (and the alert inbox, src/alerts/alert-inbox.ts, which today filters by organisation and
 * addressee, should then join the cases it may show).
 */

export function maySeeCase(principal: Principal, found: Pick<CaseProjection, 'organisationId'>): boolean {
  return found.organisationId === principal.organisationId;
}

export function caseListScope(principal: Principal): CaseListScope {
  return { organisationId: principal.organisationId };
}

/** A disclosure is recorded only by staff of the organisation it is made to. */
export function mayOpenCaseFor(principal: Principal, organisationId: string): boolean {
  return organisationId === principal.organisationId;
}

const caseIdSchema = z.object({ caseId: z.uuid('the case id must be a UUID') }).loose();

/**
 * The case named by the path, if the caller may see it. A case the caller may not see answers
 * exactly like one that does not exist, so its existence does not leak.
 */
export async function visibleCase(pool: Pool, req: Request): Promise<CaseProjection> {
  const { caseId } = parseOrThrow(caseIdSchema, req.params, 'path');
  const found = await findCase(pool, caseId);
  if (!found || !maySeeCase(currentUser(req), found)) {
    throw new HttpProblem({ status: 404, title: 'Case not found', detail: `no case ${caseId}` });
  }
  return found;
}
