import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actsOnCases, caseParamsSchema, caseReadRoute, readsCases, visibleCase } from '../case/access';
import { actionIdempotencyHeaderSchema, actionIdempotencyKey } from '../case/idempotency';
import { currentUser } from '../platform/auth';
import type { ApiDependencies } from '../platform/http/dependencies';
import { at } from '../platform/http/documented';
import { erasedCaseProblem, HttpProblem } from '../platform/http/problem';
import { requireRole } from '../platform/http/require-role';
import {
  CASE_READ_PROBLEMS,
  madeOrRetried,
  mountRoute,
  withBodyProblems,
  type RouteSpec,
} from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import { inTransaction } from '../platform/db/transaction';
import {
  CaseEntryLimitError,
  caseForErasure,
  decideErasureRequest,
  eraseCaseIn,
  erasureRequest,
  erasureRequestsOf,
  legalHoldsOf,
  liftLegalHold,
  placeLegalHold,
  recordErasureRequest,
  lockCaseErasure,
  type CaseForErasure,
  type ReasonedEntry,
} from './erasure';
import { endCaseRuns } from './end-case-runs';
import { requestedErasureRefusal } from './retention';

/** A legal hold is placed by those who answer for the record (a manager, a DA lead, the head of service). */
const placesHolds = requireRole('manager', 'da_lead', 'head_of_service');
/** Only a DA lead or the head of service lifts a hold, or decides an erasure request. */
const decidesErasure = requireRole('da_lead', 'head_of_service');

const reasonText = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(3, `${what} must say why, in at least 3 characters`)
    .max(500, `${what} must be at most 500 characters`);

/** Placing or lifting a hold, and requesting an erasure, each say why and nothing more. */
const reasonBodySchema = z.strictObject({ reason: reasonText('reason') });
const decisionBodySchema = z.strictObject({
  decision: z.enum(['approved', 'refused'], { error: 'decision must be approved or refused' }),
  reason: reasonText('reason'),
});

const holdParamsSchema = caseParamsSchema.extend({ holdId: z.uuid('the hold id must be a UUID') });
const requestParamsSchema = caseParamsSchema.extend({
  requestNumber: z.coerce
    .number({ error: 'the request number must be a whole number' })
    .int('the request number must be a whole number')
    .min(1, 'the request number starts at 1')
    .max(1_000_000, 'the request number is at most 1000000'),
});

const legalHoldSchema = z
  .object({
    holdId: z.uuid(),
    caseId: z.uuid(),
    reason: z.string(),
    placedBy: z.string(),
    placedAt: at,
    liftedBy: z.string().optional(),
    liftedAt: at.optional(),
    liftReason: z.string().optional(),
  })
  .meta({ id: 'LegalHold' });
const erasureRequestSchema = z
  .object({
    caseId: z.uuid(),
    requestNumber: z.int(),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: at,
    decision: z.enum(['approved', 'refused']).optional(),
    decisionReason: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: at.optional(),
    erasedAt: at.optional().describe('set when the approval erased the case'),
  })
  .meta({ id: 'ErasureRequest' });

export const ERASURE_ROUTES = {
  placeHold: {
    method: 'post',
    path: '/cases/:caseId/legal-holds',
    tag: 'Privacy',
    operationId: 'placeLegalHold',
    summary: 'Place a legal hold on a case',
    description:
      'While a hold is in place the case is never erased, neither when its retention period ends nor on an approved erasure request. Say why (e.g. litigation, a police request, a domestic homicide review); a DA lead or the head of service lifts it. A case keeps at most 100 holds, lifted ones included (409 not-possible after).',
    access: placesHolds,
    params: caseParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: reasonBodySchema,
    bodyExample: { reason: 'Domestic homicide review requested the records' },
    responses: madeOrRetried('the hold, in place', legalHoldSchema),
    problems: withBodyProblems([400, 401, 403, 404, 409, 410, 422, 503]),
    logs: { auditLog: { action: 'case.legal_hold.placed' } },
  },
  liftHold: {
    method: 'post',
    path: '/cases/:caseId/legal-holds/:holdId/lift',
    tag: 'Privacy',
    operationId: 'liftLegalHold',
    summary: 'Lift a legal hold',
    description:
      'A DA lead or the head of service lifts the hold, saying why; the case can be erased again once no hold is left.',
    access: decidesErasure,
    params: holdParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: reasonBodySchema,
    bodyExample: { reason: 'The review has concluded' },
    responses: [{ status: 200, description: 'the hold, lifted', schema: legalHoldSchema }],
    problems: withBodyProblems([400, 401, 403, 404, 409, 410, 422, 503]),
    logs: { auditLog: { action: 'case.legal_hold.lifted' } },
  },
  listHolds: caseReadRoute({
    path: '/cases/:caseId/legal-holds',
    tag: 'Privacy',
    operationId: 'listLegalHolds',
    summary: 'A case’s legal holds',
    description: 'Every hold placed on the case, in place or lifted. Answers for an erased case too.',
    access: readsCases,
    answer: 'the holds, oldest first',
    schema: z.object({ items: z.array(legalHoldSchema) }),
    problems: CASE_READ_PROBLEMS,
    resource: 'case.legal_holds',
  }),
  request: {
    method: 'post',
    path: '/cases/:caseId/erasure-requests',
    tag: 'Privacy',
    operationId: 'requestErasure',
    summary: 'Record a request to erase a case before its retention ends',
    description:
      'A survivor’s right to erasure, where no legal duty to keep the record applies: any member of staff on the case records it with the reason; a DA lead decides it (…/erasure-requests/{requestNumber}/decision). A case keeps at most 100 requests (409 not-possible after).',
    access: actsOnCases,
    params: caseParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: reasonBodySchema,
    bodyExample: { reason: 'The survivor asked in writing for her records to be erased' },
    responses: madeOrRetried('the request, awaiting a decision', erasureRequestSchema),
    problems: withBodyProblems([400, 401, 403, 404, 409, 410, 422, 503]),
    logs: { auditLog: { action: 'case.erasure.requested' } },
  },
  listRequests: caseReadRoute({
    path: '/cases/:caseId/erasure-requests',
    tag: 'Privacy',
    operationId: 'listErasureRequests',
    summary: 'A case’s erasure requests',
    description: 'Every request and its decision. Answers for an erased case too.',
    access: readsCases,
    answer: 'the requests, in order',
    schema: z.object({ items: z.array(erasureRequestSchema) }),
    problems: CASE_READ_PROBLEMS,
    resource: 'case.erasure_requests',
  }),
  decide: {
    method: 'post',
    path: '/cases/:caseId/erasure-requests/:requestNumber/decision',
    tag: 'Privacy',
    operationId: 'decideErasureRequest',
    summary: 'Approve or refuse an erasure request',
    description:
      'A DA lead (or the head of service) decides, with a reason. Approval erases the case at once: its data key is destroyed, so its history, archive, notes and documents can no longer be read anywhere; the audit trail stays. Only a closed case is erased (409 not-possible otherwise), and never under a legal hold (409 legal-hold, naming the hold; the request stays undecided).',
    access: decidesErasure,
    params: requestParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: decisionBodySchema,
    bodyExample: { decision: 'approved', reason: 'No legal duty to keep the record applies' },
    responses: [{ status: 200, description: 'the request, decided', schema: erasureRequestSchema }],
    problems: withBodyProblems([400, 401, 403, 404, 409, 410, 422, 503]),
    logs: { auditLog: { action: 'case.erasure.decided' } },
  },
} as const satisfies Record<string, RouteSpec>;

function refuseIfErased(candidate: CaseForErasure | undefined): asserts candidate is CaseForErasure {
  if (!candidate) throw new HttpProblem({ type: 'not-found', title: 'Case not found' }, 'CaseNotFound');
  if (candidate.erasedAt) throw new HttpProblem(erasedCaseProblem(candidate.erasedAt), 'CaseErased', true);
}

export function erasureRouter(deps: ApiDependencies): Router {
  const router = Router();
  const { pool } = deps;
  const visible = (req: Request) => visibleCase(deps, req, { erased: 'allow' });

  /** A reasoned record on a case not yet erased (a hold, a request): 201, or 200 for a retry with the same key. */
  const recordOnCase =
    <Made>(
      make: (
        entry: ReasonedEntry,
      ) => Promise<{ made: Made; created: boolean; detail: Record<string, string | number> }>,
    ) =>
    async (req: Request, res: Response) => {
      const found = await visible(req);
      const idempotencyKey = actionIdempotencyKey(req);
      const { reason } = parseOrThrow(reasonBodySchema, req.body, 'body');
      refuseIfErased(await caseForErasure(pool, found.caseId));
      const { staffId, role } = currentUser(req);
      const { made, created, detail } = await make({
        caseId: found.caseId,
        organisationId: found.organisationId,
        reason,
        by: staffId,
        role,
        idempotencyKey,
      }).catch((error: unknown) => {
        if (error instanceof CaseEntryLimitError)
          throw new HttpProblem({ type: 'not-possible', detail: error.message }, 'EntryLimit', true);
        throw error;
      });
      res.locals.auditDetail = detail;
      res.status(created ? 201 : 200).json(made);
    };

  mountRoute(
    router,
    ERASURE_ROUTES.placeHold,
    recordOnCase(async (entry) => {
      const { hold, created } = await placeLegalHold(pool, entry);
      return { made: hold, created, detail: { holdId: hold.holdId } };
    }),
  );

  mountRoute(router, ERASURE_ROUTES.liftHold, async (req, res) => {
    const found = await visible(req);
    // The key is checked like every action's; a retry is recognised by its outcome (lifted by the same person).
    actionIdempotencyKey(req);
    const { holdId } = parseOrThrow(holdParamsSchema, req.params, 'path');
    const { reason } = parseOrThrow(reasonBodySchema, req.body, 'body');
    const { staffId, role } = currentUser(req);
    const lifted = await liftLegalHold(pool, { caseId: found.caseId, holdId, reason, by: staffId, role });
    if (!lifted)
      throw new HttpProblem({ type: 'not-found', title: 'Hold not found', detail: `the case has no hold ${holdId}` });
    if (!lifted.lifted && lifted.hold.liftedBy !== staffId)
      throw new HttpProblem(
        { type: 'not-possible', detail: `hold ${holdId} was already lifted on ${lifted.hold.liftedAt}` },
        'AlreadyLifted',
        true,
      );
    res.json(lifted.hold);
  });

  mountRoute(router, ERASURE_ROUTES.listHolds, async (req, res) => {
    const found = await visible(req);
    res.json({ items: await legalHoldsOf(pool, found.caseId) });
  });

  mountRoute(
    router,
    ERASURE_ROUTES.request,
    recordOnCase(async (entry) => {
      const { request, created } = await recordErasureRequest(pool, entry);
      return { made: request, created, detail: { requestNumber: request.requestNumber } };
    }),
  );

  mountRoute(router, ERASURE_ROUTES.listRequests, async (req, res) => {
    const found = await visible(req);
    res.json({ items: await erasureRequestsOf(pool, found.caseId) });
  });

  /**
   * Before the key goes: a run still open (a closed case's waits out its feedback window) would
   * otherwise fail every task it is given once it can no longer decode its history. Temporal
   * unreachable, the approval is not recorded and the case not erased.
   */
  const endRunsBeforeErasure = (caseId: string) =>
    endCaseRuns(deps.client, caseId).catch((error: unknown) => {
      deps.logger.warn({ err: (error as Error).message }, 'open runs of a case to erase not ended');
      throw new HttpProblem({
        type: 'workflow-service-unavailable',
        detail:
          'Temporal could not be reached to end the case’s open runs, so the approval was not recorded and the case is not erased (some of its runs may have been ended); try again',
      });
    });

  mountRoute(router, ERASURE_ROUTES.decide, async (req, res) => {
    const found = await visible(req);
    // The key is checked like every action's; a retry is recognised by its outcome (the same decision, same person).
    actionIdempotencyKey(req);
    const { requestNumber } = parseOrThrow(requestParamsSchema, req.params, 'path');
    const body = parseOrThrow(decisionBodySchema, req.body, 'body');
    const { staffId, role } = currentUser(req);
    const existing = await erasureRequest(pool, found.caseId, requestNumber);
    if (!existing)
      throw new HttpProblem({
        type: 'not-found',
        title: 'Erasure request not found',
        detail: `the case has no erasure request ${requestNumber}`,
      });
    if (existing.decision !== undefined) {
      // the same decision again (a retry) answers it; another one is refused
      if (existing.decidedBy === staffId && existing.decision === body.decision) return void res.json(existing);
      throw new HttpProblem(
        { type: 'not-possible', detail: `erasure request ${requestNumber} was already ${existing.decision}` },
        'AlreadyDecided',
        true,
      );
    }
    const decided = await inTransaction(pool, async (client) => {
      // the case's state under its key row's lock, so a hold placed meanwhile is seen
      await lockCaseErasure(client, found.caseId);
      const candidate = await caseForErasure(client, found.caseId);
      refuseIfErased(candidate);
      if (body.decision === 'approved') {
        const refusal = requestedErasureRefusal(candidate);
        if (refusal?.reason === 'legal_hold')
          throw new HttpProblem(
            {
              type: 'legal-hold',
              detail: `legal hold ${refusal.holdId} is in place on the case: it is not erased until the hold is lifted`,
            },
            'LegalHold',
            true,
          );
        if (refusal?.reason === 'open')
          throw new HttpProblem(
            { type: 'not-possible', detail: 'the case is open: only a closed case is erased; close it first' },
            'CaseOpen',
            true,
          );
      }
      const request = await decideErasureRequest(client, {
        caseId: found.caseId,
        requestNumber,
        decision: body.decision,
        reason: body.reason,
        by: staffId,
      });
      if (!request)
        throw new HttpProblem(
          { type: 'not-possible', detail: `erasure request ${requestNumber} was decided meanwhile` },
          'AlreadyDecided',
          true,
        );
      if (body.decision === 'refused') return { request };
      await endRunsBeforeErasure(found.caseId);
      const { erasedAt } = await eraseCaseIn(client, {
        caseId: found.caseId,
        organisationId: found.organisationId,
        reason: 'erasure_request',
        reference: `request-${requestNumber}`,
        actor: { staffId, role },
      });
      return { request, erasedAt };
    });
    if (decided.erasedAt) deps.caseKeys?.forget?.(found.caseId);
    res.locals.auditDetail = { requestNumber, decision: body.decision };
    res.json({ ...decided.request, ...(decided.erasedAt && { erasedAt: decided.erasedAt.toISOString() }) });
  });

  return router;
}
