import type { Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { currentUser, type Principal } from '../platform/auth';
import { requireRole } from '../platform/http/require-role';
import { CASE_ACTORS, CASE_READERS, maySeeCase } from '../staff/need-to-know';
import { findCaseForAccess, findCasesForAccess, wasOpenedFor, type CaseAccessRecord } from './repository';
import { getCaseQuery } from './messages';
import { caseProjectionOf, caseWorkflowId } from './state';
import type { CaseProjection } from './projection';
import { erasedCaseProblem, HttpProblem } from '../platform/http/problem';
import { caseErasedAt } from '../privacy/case-keys';
import { callWorkflow, type CaseWorkflowAccess } from './temporal-errors';
import { parseOrThrow } from '../platform/http/validate';
import type { RouteLogging, RouteResponse, RouteSpec } from '../platform/http/route-spec';

/** Need-to-know itself (which cases a principal may see) is src/staff/need-to-know.ts; the routes apply it here. */
export const readsCases = requireRole(...CASE_READERS);
export const actsOnCases = requireRole(...CASE_ACTORS);

/** `maySeeCase` on a case as the repository finds it. */
const maySeeRecord = (principal: Principal, record: CaseAccessRecord): boolean =>
  maySeeCase(principal, { ...record.projection, perpetratorOfficerId: record.perpetratorOfficerId });

/** Of `caseIds` (lower-case UUIDs), those the principal may see; a case that does not exist is not among them. */
export async function visibleCaseIds(
  pool: Pool,
  principal: Principal,
  caseIds: readonly string[],
): Promise<Set<string>> {
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

type AccessLogged = Extract<RouteLogging, { accessLog: unknown }>['accessLog'];

/**
 * A read of one case: GET with the case id in the path, answered 200 with `answer`, and (a read of
 * a case's content) first written to the access log as a read of `resource`.
 */
export const caseReadRoute = (
  read: Omit<RouteSpec, 'method' | 'params' | 'responses' | 'logs'> & {
    answer: RouteResponse['description'];
    schema: z.ZodType;
    resource: AccessLogged['resource'];
  },
): RouteSpec => {
  const { answer, schema, resource, ...spec } = read;
  return {
    ...spec,
    method: 'get',
    params: caseParamsSchema,
    responses: [{ status: 200, description: answer, schema }],
    logs: { accessLog: { resource } },
  };
};

/** What reading a case takes: the projection, and the case's workflow while the projection lags. */
export type CaseReadAccess = CaseWorkflowAccess & { pool: Pool };

/**
 * The case named by the path, if the caller may see it. A case the caller may not see answers
 * exactly like one that does not exist, so its existence does not leak. A case the projection does
 * not hold yet (just opened for the caller's organisation, its first projection not yet written) is
 * read from its workflow, under the same rule.
 */
export async function visibleCase(
  access: CaseReadAccess,
  req: Request,
  options: { erased?: 'refuse' | 'allow' } = {},
): Promise<CaseProjection> {
  const { caseId } = parseOrThrow(caseIdSchema, req.params, 'path');
  return visibleCaseById(access, req, caseId, options);
}

/** `visibleCase` for a case named elsewhere than the path (a body's caseId), already checked as a UUID. */
export async function visibleCaseById(
  access: CaseReadAccess,
  req: Request,
  caseId: string,
  options: { erased?: 'refuse' | 'allow' } = {},
): Promise<CaseProjection> {
  // Only a case opened for the caller's organisation is looked for in its workflow: any other id
  // is answered from the database, without a call on Temporal.
  const found =
    (await findCaseForAccess(access.pool, caseId)) ??
    ((await wasOpenedFor(access.pool, caseId, currentUser(req).organisationId))
      ? await caseFromWorkflow(access, caseId)
      : undefined);
  const visible = found !== undefined && maySeeRecord(currentUser(req), found);
  if (!visible) {
    // The same answer either way; only the audit log (never the caller) learns which it was.
    throw new HttpProblem(
      { type: 'not-found', title: 'Case not found', detail: `no case ${caseId}` },
      found ? 'CaseNotVisible' : 'CaseNotFound',
    );
  }
  // An erased case answers so, clearly, to whoever may see it: nothing of its content can be read.
  if (options.erased !== 'allow') {
    const erasedAt = await caseErasedAt(access.pool, caseId);
    if (erasedAt) throw new HttpProblem(erasedCaseProblem(erasedAt), 'CaseErased');
  }
  return found.projection;
}

/** A case as its workflow's Query shows it, for need-to-know; undefined when no case was opened with that id. */
async function caseFromWorkflow(access: CaseWorkflowAccess, caseId: string): Promise<CaseAccessRecord | undefined> {
  try {
    const view = await callWorkflow(access, caseWorkflowId(caseId.toLowerCase()), (handle) =>
      handle.query(getCaseQuery),
    );
    const { perpetratorOfficerId = null, ...projection } = caseProjectionOf(view);
    return { projection, perpetratorOfficerId };
  } catch (error) {
    if (error instanceof HttpProblem && error.reason === 'WorkflowNotFound') return undefined;
    throw error;
  }
}
