import type { UpdateDefinition } from '@temporalio/client';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { PartnerKind } from '../activities/partner-gateway';
import { currentUser, requireRole } from '../auth';
import * as maracCommands from '../workflows/marac/commands';
import * as maracMessages from '../workflows/marac/messages';
import type { CallbackReceipt } from '../workflows/marac/messages';
import * as rehousingCommands from '../workflows/rehousing/commands';
import * as rehousingMessages from '../workflows/rehousing/messages';
import * as repairsCommands from '../workflows/repairs/commands';
import * as repairsMessages from '../workflows/repairs/messages';
import type { ApiDependencies } from './app';
import { HttpProblem } from './problem';
import { onCaseWorkflow } from './temporal-errors';
import { parseOrThrow } from './validate';

const requestIdSchema = z.object({ requestId: z.uuid('the request id must be a UUID') });

/**
 * The workflow awaiting this partner's answer to one of our requests, or 404: a partner reaches
 * only the requests we sent to it, and cannot tell another partner's requests from unknown ones.
 */
async function awaitingWorkflow(pool: Pool, kind: PartnerKind, requestId: string, partnerId: string | undefined): Promise<string> {
  const found = await pool.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM partner_requests WHERE request_id = $1 AND partner_kind = $2 AND partner_id = $3',
    [requestId, kind, partnerId ?? ''],
  );
  if (!found.rows[0]) throw new HttpProblem({ status: 404, title: 'Request not found', detail: `no ${kind.replace('_', ' ')} request ${requestId} for this partner` });
  return found.rows[0].workflow_id;
}

function callback<Command, State extends { status: string }>(
  kind: PartnerKind,
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<CallbackReceipt<State>, [Command]>,
) {
  return (router: Router, deps: ApiDependencies) => {
    router.post(`/partners${path}`, requireRole('partner'), async (req, res) => {
      const { requestId } = parseOrThrow(requestIdSchema, req.params, 'path');
      const args = parseOrThrow(command, req.body ?? {}, 'body');
      const workflowId = await awaitingWorkflow(deps.pool, kind, requestId, currentUser(req).partnerId);
      const receipt = await onCaseWorkflow(deps, workflowId, (handle) => handle.executeUpdate(update, { args: [args] }));
      // Partners learn whether their message changed anything, never the case's own state.
      res.json({ requestId, changed: receipt.changed, status: receipt.state.status });
    });
  };
}

/** Authenticated callbacks from organisations outside ours (DESIGN §2): each answers our own request. */
const PARTNER_CALLBACKS = [
  callback('contractor', '/contractor/works-orders/:requestId/updates', repairsCommands.contractorUpdateCommand, repairsMessages.contractorUpdate),
  callback('marac_coordinator', '/marac/referrals/:requestId/meeting', maracCommands.meetingScheduledCommand, maracMessages.maracMeetingScheduledUpdate),
  callback('marac_coordinator', '/marac/referrals/:requestId/outcome', maracCommands.maracOutcomeCommand, maracMessages.maracOutcomeUpdate),
  callback('local_authority', '/local-authority/rehousing/:requestId/decisions', rehousingCommands.localAuthorityDecisionCommand, rehousingMessages.localAuthorityDecisionUpdate),
];

export function partnerRouter(deps: ApiDependencies): Router {
  const router = Router();
  for (const mount of PARTNER_CALLBACKS) mount(router, deps);
  return router;
}
