import { Router } from 'express';
import { z } from 'zod';
import { actsOnCases, caseReadRoute, readsCases, visibleCase, visibleCaseById, visibleCaseIds } from '../case/access';
import { currentUser } from '../platform/auth';
import { ORGANISATION_STAFF } from '../platform/auth/roles';
import type { ApiDependencies } from '../platform/http/dependencies';
import { at } from '../platform/http/documented';
import { HttpProblem } from '../platform/http/problem';
import { requireRole } from '../platform/http/require-role';
import { CASE_READ_PROBLEMS, mountRoute, withBodyProblems, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import { APPROVER_ROLES } from '../sharing/consent';
import { endFlagBodySchema, FLAG_SUBJECTS, flagLookupBodySchema, propertyFlagBodySchema } from './flag';
import { activeWarnings, caseFlags, endFlag, findFlag, raiseFlag } from './repository';

/** Anyone of the organisation may be about to visit or write (repairs, lettings): the warning is for them all. */
const looksUpFlags = requireRole(ORGANISATION_STAFF[0]!, ...ORGANISATION_STAFF.slice(1));
/** Ending a warning others rely on is a manager's decision or above. */
const endsFlags = requireRole(...APPROVER_ROLES);

const flagSchema = z
  .object({
    flagId: z.uuid(),
    caseId: z.uuid(),
    subject: z.enum(FLAG_SUBJECTS),
    subjectReference: z.string().describe('the provider’s person, tenancy or property reference'),
    warning: z.string(),
    raisedAt: at,
    raisedBy: z.string(),
    endedAt: at.optional(),
    endedBy: z.string().optional(),
    endReason: z.string().optional(),
  })
  .meta({ id: 'RiskFlag' });

const warningsSchema = z
  .object({ warnings: z.array(z.object({ warning: z.string(), since: at })) })
  .meta({ id: 'FlagWarnings' });

const flagParamsSchema = z.object({ flagId: z.uuid('the flag id must be a UUID') });

export const FLAG_ROUTES = {
  list: caseReadRoute({
    path: '/cases/:caseId/flags',
    tag: 'Case record',
    operationId: 'listCaseFlags',
    summary: 'List a case’s risk flags',
    description:
      'Every flag the case raised, active and ended: on whom or what, the warning, who raised it, when and why it ended.',
    access: readsCases,
    answer: 'the case’s flags, oldest first',
    schema: z.object({ flags: z.array(flagSchema) }),
    problems: CASE_READ_PROBLEMS,
    resource: 'case.flags',
  }),
  lookup: {
    method: 'post',
    path: '/flags/lookup',
    tag: 'Risk flags',
    operationId: 'lookUpFlags',
    summary: 'Look up the warnings on a person or property',
    description:
      'Before a visit or a letter: the active warnings on a person, tenancy or property reference in the caller’s organisation, and since when; never the case, the survivor or why. The reference is in the body so that it stays out of URLs and their logs.',
    access: looksUpFlags,
    body: flagLookupBodySchema,
    bodyExample: { reference: 'PROP-000123' },
    responses: [{ status: 200, description: 'the active warnings, none if there are none', schema: warningsSchema }],
    problems: withBodyProblems([400, 401, 403, 503]),
    logs: { auditLog: { action: 'flags.lookup' } },
  },
  raise: {
    method: 'post',
    path: '/flags',
    tag: 'Risk flags',
    operationId: 'raisePropertyFlag',
    summary: 'Flag a property',
    description:
      'A warning on a property, on a case the caller may see; raising the same warning again answers the flag already raised (200).',
    access: actsOnCases,
    body: propertyFlagBodySchema,
    bodyExample: {
      caseId: '3f2b8c1e-5d4a-4b6f-9e7d-1a2b3c4d5e6f',
      propertyReference: 'PROP-000123',
      warning: 'Do not attend alone; contact the domestic abuse team first',
    },
    responses: [
      { status: 201, description: 'the flag raised', schema: flagSchema },
      { status: 200, description: 'the same warning was already raised on this case: that flag', schema: flagSchema },
    ],
    problems: withBodyProblems([400, 401, 403, 404, 409, 503]),
    logs: { auditLog: { action: 'case.flag.raised' } },
  },
  end: {
    method: 'post',
    path: '/flags/:flagId/end',
    tag: 'Risk flags',
    operationId: 'endFlag',
    summary: 'End a risk flag',
    description:
      'The flag stays in the case’s record with who ended it, when and why; it no longer shows in a look-up.',
    access: endsFlags,
    params: flagParamsSchema,
    body: endFlagBodySchema,
    bodyExample: { reason: 'The perpetrator has moved out of the area, confirmed by the police.' },
    responses: [{ status: 200, description: 'the flag as ended', schema: flagSchema }],
    problems: withBodyProblems([400, 401, 403, 404, 409, 503]),
    logs: { auditLog: { action: 'case.flag.ended' } },
  },
} as const satisfies Record<string, RouteSpec>;

export function flagsRouter(deps: ApiDependencies): Router {
  const router = Router();
  const { pool } = deps;

  mountRoute(router, FLAG_ROUTES.list, async (req, res) => {
    const found = await visibleCase(deps, req);
    res.json({ flags: await caseFlags(pool, found.caseId) });
  });

  mountRoute(router, FLAG_ROUTES.lookup, async (req, res) => {
    const { reference } = parseOrThrow(flagLookupBodySchema, req.body, 'body');
    res.json({ warnings: await activeWarnings(pool, currentUser(req).organisationId, reference) });
  });

  mountRoute(router, FLAG_ROUTES.raise, async (req, res) => {
    const body = parseOrThrow(propertyFlagBodySchema, req.body, 'body');
    const principal = currentUser(req);
    const caseId = body.caseId.toLowerCase();
    // A case the caller may not see answers like one that does not exist; one opened a moment ago
    // (its projection not yet written) is found in its workflow, as GET /cases/{caseId} finds it.
    let found;
    try {
      found = await visibleCaseById(deps, req, caseId);
    } catch (error) {
      if (error instanceof HttpProblem && error.problem.type === 'not-found')
        throw new HttpProblem(
          {
            type: 'not-found',
            title: 'Case not found',
            detail: `no case ${caseId}`,
            errors: [{ field: 'body.caseId', message: 'no such case' }],
          },
          error.reason,
        );
      throw error;
    }
    if (found.status === 'closed') {
      throw new HttpProblem(
        { type: 'not-possible', detail: 'the case is closed, and its flags ended with it' },
        'CaseClosed',
        true,
      );
    }
    const { flag, created } = await raiseFlag(
      pool,
      { organisationId: principal.organisationId, caseId, raisedBy: principal.staffId },
      { subject: 'property', subjectReference: body.propertyReference, warning: body.warning },
    );
    if (flag.endedAt) {
      throw new HttpProblem(
        {
          type: 'not-possible',
          detail: `this warning on this property was raised on the case and ended (flag ${flag.flagId})`,
        },
        'FlagEnded',
        true,
      );
    }
    res.locals.auditDetail = { flagId: flag.flagId };
    res.status(created ? 201 : 200).json(flag);
  });

  mountRoute(router, FLAG_ROUTES.end, async (req, res) => {
    const { flagId } = parseOrThrow(flagParamsSchema, req.params, 'path');
    const { reason } = parseOrThrow(endFlagBodySchema, req.body, 'body');
    const principal = currentUser(req);
    const flag = await findFlag(pool, principal.organisationId, flagId);
    // A flag on a case the caller may not see answers like one that does not exist.
    if (!flag || !(await visibleCaseIds(pool, principal, [flag.caseId])).has(flag.caseId))
      throw new HttpProblem({ type: 'not-found', title: 'Flag not found', detail: `no flag ${flagId}` });
    const ended = await endFlag(pool, flagId, { endedBy: principal.staffId, reason });
    if (!ended) {
      throw new HttpProblem(
        { type: 'not-possible', detail: `flag ${flagId} has already ended` },
        'FlagAlreadyEnded',
        true,
      );
    }
    res.json(ended);
  });

  return router;
}
