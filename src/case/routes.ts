import { Router } from 'express';
import { z } from 'zod';
import { currentUser, type Principal } from '../platform/auth';
import { caseLinks, findCaseForAccess, listCases, waitForCase, type CaseListItem } from './repository';
import { IdempotencyKeyReusedError, openCase, UnknownOrganisationError } from './open-case';
import { disclosureSchema } from './disclosure';
import { riskLevelSchema } from './risk';
import type { CaseProjection, CaseStatus } from './projection';
import { getCaseQuery } from './messages';
import type { ApiDependencies } from '../platform/http/dependencies';
import type { PolicyRegistry } from '../policy/registry';
import {
  actsOnCases,
  caseReadRoute,
  mayOpenCaseFor,
  readsCases,
  visibleCase,
  visibleCaseIds,
  type CaseReadAccess,
} from './access';
import { caseListScope } from '../staff/need-to-know';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import {
  CASE_READ_PROBLEMS,
  mountRoute,
  withBodyProblems,
  WORKFLOW_PROBLEMS,
  type RouteSpec,
} from '../platform/http/route-spec';
import { caseViewSchema } from './view-schemas';
import { callWorkflow, onWorkflowService } from './temporal-errors';
import { idempotencyKeyText } from './idempotency';
import { parseOrThrow } from '../platform/http/validate';

const idempotencyHeaderSchema = z.object({
  'Idempotency-Key': idempotencyKeyText({
    error: 'the Idempotency-Key header is required, so that a retried disclosure never opens a second case',
  }),
});

const caseListQuerySchema = z.strictObject({
  status: z.enum(['open', 'closed'] as const satisfies readonly CaseStatus[]).optional(),
  riskLevel: z.enum(['unassessed', ...riskLevelSchema.options]).optional(),
  caseOfficerId: z.string().trim().min(1).max(100).optional(),
  breached: z
    .enum(['true', 'false'], { error: 'breached must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
  ...pageQuery,
});

/** DESIGN 3.1: immediate danger means 999 now; the DA lead is alerted by the case at the same moment. */
const immediateDangerGuidance = (disclosure: { immediateDanger: boolean }) =>
  disclosure.immediateDanger
    ? {
        guidance: [
          'Immediate danger: call 999 now if the survivor or anyone else is at risk of harm.',
          'The DA lead has been alerted.',
        ],
      }
    : {};

/** A made-up disclosure that POST /cases accepts from the example organisation's staff (no real person). */
const EXAMPLE_DISCLOSURE = {
  organisationId: 'stonewater',
  channel: 'phone',
  reporter: 'survivor',
  survivor: { reference: 'EXAMPLE-TENANCY-0001', isResident: true, childrenInHousehold: false },
  perpetrator: { isResident: false },
  safeContact: { channels: ['text'], lettersSafe: false, voicemailSafe: false },
  immediateDanger: false,
  caseOfficerId: 'officer-example',
  teamId: 'team-example',
} satisfies z.input<typeof disclosureSchema>;

/** clocks differ a little between a caseworker's device and the server */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A disclosure as POST /cases takes it: the domain's rules, and not dated after it is received. */
const receivedDisclosureSchema = disclosureSchema.refine(
  ({ disclosedAt }) => disclosedAt === undefined || Date.parse(disclosedAt) <= Date.now() + CLOCK_SKEW_MS,
  { path: ['disclosedAt'], message: 'a disclosure cannot be dated after it is recorded' },
);

/** A case as the PostgreSQL projection holds it: ids and states, no survivor narrative. */
const caseProjectionSchema = z
  .object({
    caseId: z.uuid(),
    workflowId: z.string(),
    organisationId: z.string(),
    policyProfile: z.string(),
    policyVersion: z.string(),
    status: z.enum(['open', 'closed'] as const satisfies readonly CaseStatus[]),
    riskLevel: z.enum(['unassessed', ...riskLevelSchema.options]),
    caseOfficerId: z.string(),
    teamId: z.string(),
    perpetratorOfficerId: z.string().nullable().optional(),
    breached: z.boolean(),
    openedAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    stateVersion: z.int(),
  })
  .meta({ id: 'Case' }) satisfies z.ZodType<CaseProjection>;

/** A case read on its own: the projection, and the cases linked to it (either way). */
const caseReadSchema = caseProjectionSchema
  .extend({
    linkedCases: z
      .object({
        follows: z.uuid().optional().describe('the earlier closed case this case was opened to follow'),
        followedBy: z.array(z.uuid()).describe('later cases opened to follow this one, oldest first'),
      })
      .describe('a new case opened beyond the reopening period is linked to the earlier one; both show it'),
  })
  .meta({ id: 'CaseWithLinks' });

/**
 * A new case follows an earlier one only if the caller may see it, it is the same organisation's,
 * and it is closed (an open case takes the new incident itself). A case the caller may not see is
 * answered as one that does not exist.
 */
async function refuseUnusableLink(
  access: CaseReadAccess,
  principal: Principal,
  disclosure: { organisationId: string; linkedToCaseId?: string },
): Promise<void> {
  const linkedToCaseId = disclosure.linkedToCaseId;
  if (linkedToCaseId === undefined) return;
  const problem = (message: string) =>
    new HttpProblem({
      type: 'linked-case-unusable',
      detail: `linkedToCaseId: ${message}`,
      errors: [{ field: 'body.linkedToCaseId', message }],
    });
  const visible = (await visibleCaseIds(access.pool, principal, [linkedToCaseId])).has(linkedToCaseId);
  const linked = visible ? await findCaseForAccess(access.pool, linkedToCaseId) : undefined;
  if (!linked || linked.projection.organisationId !== disclosure.organisationId)
    throw problem(`no case ${linkedToCaseId} that you may see in this organisation`);
  if (linked.projection.status !== 'closed')
    throw problem(`case ${linkedToCaseId} is open: record the new incident on it instead of opening another`);
}

const caseListItemSchema = caseProjectionSchema
  .extend({
    nextDeadline: z
      .object({
        task: z.string(),
        dueAt: z.iso
          .datetime({ offset: true })
          .nullable()
          .describe('null for a moment after it starts: being computed'),
      })
      .nullable()
      .describe('the open deadline due soonest, of the case or its linked workflows; null when none is owed'),
  })
  .meta({ id: 'CaseListItem' }) satisfies z.ZodType<CaseListItem>;

const casePageSchema = z
  .object({ items: z.array(caseListItemSchema), total: z.int(), limit: z.int(), offset: z.int() })
  .meta({ id: 'CasePage' });

/** The routes below, as data: mounted from these and documented from them (src/platform/http/openapi.ts). */
export const CASES_ROUTES = {
  open: {
    method: 'post',
    path: '/cases',
    tag: 'Cases',
    operationId: 'openCase',
    summary: 'Open a case for a disclosure',
    description:
      'Starts the case workflow. Idempotent on the Idempotency-Key header: a retried request answers the same case (200), never a second one; the same key with a different disclosure answers 422. `disclosedAt` must lie between 2000-01-01 and now. `linkedToCaseId` links the new case to the survivor’s earlier closed case (one past its reopening period, POST /cases/{caseId}/reopen): it must be a closed case of the same organisation that the caller may see, else 422.',
    access: actsOnCases,
    headers: idempotencyHeaderSchema,
    body: receivedDisclosureSchema,
    bodyExample: EXAMPLE_DISCLOSURE,
    responses: [
      { status: 201, description: 'the case was opened', schema: caseProjectionSchema },
      {
        status: 200,
        description: 'a retried request: the case this Idempotency-Key already opened',
        schema: caseProjectionSchema,
      },
      {
        status: 202,
        description:
          'the workflow was started but no worker has recorded the case yet; GET /cases/{caseId} and its actions already work',
        schema: z.object({ caseId: z.uuid(), status: z.literal('opening') }),
      },
    ],
    problems: withBodyProblems([400, 401, 403, 422, 503]),
    logs: { auditLog: { action: 'case.opened' } },
  },
  list: {
    method: 'get',
    path: '/cases',
    tag: 'Cases',
    operationId: 'listCases',
    summary: 'List the organisation’s cases',
    description: 'The caller’s organisation’s cases from the PostgreSQL projection, newest first.',
    access: readsCases,
    query: caseListQuerySchema,
    responses: [{ status: 200, description: 'one page of cases', schema: casePageSchema }],
    problems: [400, 401, 403, 503],
    logs: 'none', // the projection's ids and states, not a case's content
  },
  read: caseReadRoute({
    path: '/cases/:caseId',
    tag: 'Cases',
    operationId: 'readCase',
    summary: 'Read a case',
    description:
      'From the PostgreSQL projection; a case just opened whose projection is not written yet (POST /cases answered 202) is read from its workflow, under the same need-to-know. Its actions work at once too.',
    access: readsCases,
    answer: 'the case, with the cases linked to it',
    schema: caseReadSchema,
    problems: CASE_READ_PROBLEMS,
    resource: 'case',
  }),
  state: caseReadRoute({
    path: '/cases/:caseId/state',
    tag: 'Cases',
    operationId: 'readCaseState',
    summary: 'Read a case’s live state',
    description: 'The workflow Query `getCase`: deadlines, alerts, sharing, closure.',
    access: readsCases,
    answer: 'the case workflow’s state',
    schema: caseViewSchema,
    problems: WORKFLOW_PROBLEMS,
    resource: 'case.state',
  }),
} as const satisfies Record<string, RouteSpec>;

export function casesRouter(deps: ApiDependencies & { profiles: PolicyRegistry }): Router {
  const router = Router();

  mountRoute(router, CASES_ROUTES.open, async (req, res) => {
    const { 'Idempotency-Key': idempotencyKey } = parseOrThrow(
      idempotencyHeaderSchema,
      { 'Idempotency-Key': req.get('Idempotency-Key') },
      'header',
    );
    const received = parseOrThrow(receivedDisclosureSchema, req.body, 'body');
    const disclosure = received.linkedToCaseId
      ? { ...received, linkedToCaseId: received.linkedToCaseId.toLowerCase() }
      : received;
    if (!mayOpenCaseFor(currentUser(req), disclosure.organisationId)) {
      throw new HttpProblem({
        type: 'forbidden',
        detail: 'a disclosure is recorded only by staff of the organisation it is made to',
        errors: [{ field: 'body.organisationId', message: 'is not your organisation' }],
      });
    }
    await refuseUnusableLink(deps, currentUser(req), disclosure);
    let opened;
    try {
      opened = await onWorkflowService(
        () => openCase(deps, disclosure, idempotencyKey, new Date(), currentUser(req).staffId),
        {
          changes: true,
          idempotencyKey,
        },
      );
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        throw new HttpProblem({ type: 'idempotency-key-reused', detail: error.message });
      }
      if (error instanceof UnknownOrganisationError) {
        throw new HttpProblem({
          type: 'unknown-organisation',
          detail: error.message,
          errors: [{ field: 'body.organisationId', message: error.message }],
        });
      }
      throw error;
    }
    const recorded = await waitForCase(deps.pool, opened.caseId, deps.readYourWriteTimeoutMs);
    res.location(`/cases/${opened.caseId}`);
    if (!recorded) {
      // The workflow exists but no worker has recorded it yet: accepted, and it will be.
      res.status(202).json({ caseId: opened.caseId, status: 'opening', ...immediateDangerGuidance(disclosure) });
      return;
    }
    res.status(opened.created ? 201 : 200).json({ ...recorded, ...immediateDangerGuidance(disclosure) });
  });

  mountRoute(router, CASES_ROUTES.list, async (req, res) => {
    const { limit, offset, ...filter } = parseOrThrow(caseListQuerySchema, req.query, 'query');
    res.json(await listCases(deps.pool, caseListScope(currentUser(req)), filter, { limit, offset }));
  });

  mountRoute(router, CASES_ROUTES.read, async (req, res) => {
    const found = await visibleCase(deps, req);
    res.json({ ...found, linkedCases: await caseLinks(deps.pool, found.caseId) });
  });

  /** The live state from the workflow itself: deadlines, alerts, sharing, closure. */
  mountRoute(router, CASES_ROUTES.state, async (req, res) => {
    const { workflowId } = await visibleCase(deps, req);
    res.json(await callWorkflow(deps, workflowId, (handle) => handle.query(getCaseQuery)));
  });

  return router;
}
