import type { UpdateDefinition } from '@temporalio/client';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { PartnerKind } from './partner-gateway';
import { currentUser } from '../platform/auth';
import { requireRole } from '../platform/http/require-role';
import * as maracCommands from './marac/commands';
import * as maracMessages from './marac/messages';
import type { CallbackReceipt } from './messages';
import * as rehousingCommands from './rehousing/commands';
import * as rehousingMessages from './rehousing/messages';
import * as repairsCommands from './repairs/commands';
import * as repairsMessages from './repairs/messages';
import * as safeguardingCommands from './safeguarding/commands';
import * as safeguardingMessages from './safeguarding/messages';
import type { ApiDependencies } from '../platform/http/dependencies';
import { HttpProblem } from '../platform/http/problem';
import { CASE_CHANGE_PROBLEMS, mountRoute, type RouteSpec } from '../platform/http/route-spec';
import { actionIdempotencyHeaderSchema, actionIdempotencyKey, runCaseUpdate } from '../case/idempotency';
import { parseOrThrow } from '../platform/http/validate';
import { UPDATE_BODY_EXAMPLES } from '../case/body-examples';

const requestIdSchema = z.object({ requestId: z.uuid('the request id must be a UUID') });

/**
 * The workflow awaiting this partner's answer to one of our requests, or 404: a partner reaches
 * only the requests we sent to it, and cannot tell another partner's requests from unknown ones.
 */
async function awaitingWorkflow(
  pool: Pool,
  kind: PartnerKind,
  requestId: string,
  partner: { partnerId?: string; organisationId: string },
): Promise<string> {
  // Bound to the organisation too: one contractor id may serve several providers.
  const found = await pool.query<{ workflow_id: string }>(
    `SELECT pr.workflow_id FROM partner_requests pr JOIN cases c ON c.case_id = pr.case_id
      WHERE pr.request_id = $1 AND pr.partner_kind = $2 AND pr.partner_id = $3 AND c.organisation_id = $4`,
    [requestId, kind, partner.partnerId ?? '', partner.organisationId],
  );
  if (!found.rows[0])
    throw new HttpProblem({
      type: 'not-found',
      title: 'Request not found',
      detail: `no ${kind.replace('_', ' ')} request ${requestId} for this partner`,
    });
  return found.rows[0].workflow_id;
}

/** All a partner learns from its callback: whether it changed anything, and the request's status. */
export const partnerReceiptSchema = z.strictObject({
  requestId: z.uuid(),
  changed: z.boolean().describe('false for a duplicated callback that changed nothing'),
  status: z.string().describe('the status of the request the callback answers'),
});

const PARTNER_NAMES: Record<PartnerKind, string> = {
  contractor: 'the contractor',
  marac_coordinator: 'the MARAC coordinator',
  local_authority: 'the local authority',
};

/** One partner callback: what it is (mounted from, and documented by, `spec`) and how it is mounted. */
export interface PartnerCallback {
  readonly spec: RouteSpec;
  /** the workflow Update the callback runs, named in the audit log */
  readonly updateName: string;
  readonly mount: (router: Router, deps: ApiDependencies) => void;
}

function callback<Command, State extends { status: string }>(
  kind: PartnerKind,
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<CallbackReceipt<State>, [Command]>,
): PartnerCallback {
  const spec: RouteSpec = {
    method: 'post',
    path: `/partners${path}`,
    operationId: update.name,
    tag: 'Partner callbacks',
    summary: `Callback from ${PARTNER_NAMES[kind]}: ${update.name}`,
    description: `Answers one of our requests to ${PARTNER_NAMES[kind]} (the workflow Update \`${update.name}\`). Only the partner the request was sent to reaches it; any other request answers 404. A duplicated callback answers \`changed: false\`, a late one 409.`,
    access: requireRole('partner'),
    params: requestIdSchema,
    headers: actionIdempotencyHeaderSchema,
    body: command,
    bodyExample: UPDATE_BODY_EXAMPLES[update.name],
    responses: [
      {
        status: 200,
        description: 'whether the callback changed anything, and the request’s status',
        schema: partnerReceiptSchema,
      },
    ],
    problems: CASE_CHANGE_PROBLEMS,
    // Partners change workflows from outside the organisation: recorded with the request id they answered.
    logs: { auditLog: { action: `partner.update.${update.name}` } },
  };
  const mount = (router: Router, deps: ApiDependencies) =>
    mountRoute(router, spec, async (req, res) => {
      const { requestId } = parseOrThrow(requestIdSchema, req.params, 'path');
      const idempotencyKey = actionIdempotencyKey(req);
      const args = parseOrThrow(command, req.body ?? {}, 'body');
      const workflowId = await awaitingWorkflow(deps.pool, kind, requestId, currentUser(req));
      const receipt = await runCaseUpdate(deps, req, workflowId, update, args, idempotencyKey);
      // Partners learn whether their message changed anything, never the case's own state.
      res.json({ requestId, changed: receipt.changed, status: receipt.state.status } satisfies z.infer<
        typeof partnerReceiptSchema
      >);
    });
  return { spec, updateName: update.name, mount };
}

/** Authenticated callbacks from organisations outside ours (DESIGN §2): each answers our own request. */
export const PARTNER_CALLBACKS: readonly PartnerCallback[] = [
  callback(
    'contractor',
    '/contractor/works-orders/:requestId/updates',
    repairsCommands.contractorUpdateCommand,
    repairsMessages.contractorUpdate,
  ),
  callback(
    'marac_coordinator',
    '/marac/referrals/:requestId/meeting',
    maracCommands.meetingScheduledCommand,
    maracMessages.maracMeetingScheduledUpdate,
  ),
  callback(
    'marac_coordinator',
    '/marac/referrals/:requestId/outcome',
    maracCommands.maracOutcomeCommand,
    maracMessages.maracOutcomeUpdate,
  ),
  callback(
    'local_authority',
    '/local-authority/rehousing/:requestId/decisions',
    rehousingCommands.localAuthorityDecisionCommand,
    rehousingMessages.localAuthorityDecisionUpdate,
  ),
  callback(
    'local_authority',
    '/local-authority/safeguarding-referrals/:requestId/acknowledgement',
    safeguardingCommands.safeguardingAcknowledgementCommand,
    safeguardingMessages.safeguardingAcknowledgedUpdate,
  ),
  callback(
    'local_authority',
    '/local-authority/safeguarding-referrals/:requestId/outcome',
    safeguardingCommands.safeguardingOutcomeCommand,
    safeguardingMessages.safeguardingOutcomeUpdate,
  ),
];

export function partnerRouter(deps: ApiDependencies): Router {
  const router = Router();
  for (const partnerCallback of PARTNER_CALLBACKS) partnerCallback.mount(router, deps);
  return router;
}
