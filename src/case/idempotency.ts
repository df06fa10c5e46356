import type { UpdateDefinition } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Request } from 'express';
import { z } from 'zod';
import { currentUser } from '../platform/auth';
import { IdempotencyKeyReusedError } from './open-case';
import { claimActionKey, recordActionRun, type CaseActionKey } from './action-keys';
import type { ApiDependencies } from '../platform/http/dependencies';
import { HttpProblem } from '../platform/http/problem';
import { parseOrThrow } from '../platform/http/validate';
import { callWorkflow } from './temporal-errors';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** The Idempotency-Key header's rule, for POST /cases (where it is required) and every case action. */
export const idempotencyKeyText = (params?: z.core.$ZodStringParams) =>
  z
    .string(params)
    .regex(IDEMPOTENCY_KEY, 'the Idempotency-Key must be 8–200 letters, digits or . _ : -')
    .meta({ example: 'example-request-0001' });

export const actionIdempotencyHeaderSchema = z.object({
  'Idempotency-Key': idempotencyKeyText()
    .optional()
    .describe(
      'a key the client makes for this action; a retry with the same key is applied at most once and answers the first result',
    ),
});

/** The request's Idempotency-Key, or a 400 naming the header. */
export function actionIdempotencyKey(req: Request): string | undefined {
  return parseOrThrow(actionIdempotencyHeaderSchema, { 'Idempotency-Key': req.get('Idempotency-Key') }, 'header')[
    'Idempotency-Key'
  ];
}

/**
 * The Update id of a keyed action: the caller's key, scoped to the caller. The staff id's length
 * comes first because both may hold ':' (staff "a:b" with key "c…" and staff "a" with key "b:c…"
 * must not share an id, or one's action would answer with the other's result).
 */
export const actionUpdateId = (staffId: string, idempotencyKey: string): string =>
  `${staffId.length}:${staffId}:${idempotencyKey}`;

/**
 * Runs an Update on a case's workflow. With an Idempotency-Key it is the Update's id, so Temporal
 * itself applies it at most once and answers a retry with the first result, even after the first
 * was answered. Temporal knows an Update id only on the run it was sent to, and a case continues
 * as new: the run is recorded before the Update is sent, and a retry goes to that run (which
 * answers the first result even once it has continued as new). A recorded run that ended without
 * the Update is replaced by the current one.
 */
export async function runCaseUpdate<Args, Result>(
  deps: ApiDependencies,
  req: Request,
  workflowId: string,
  update: UpdateDefinition<Result, [Args]>,
  args: Args,
  idempotencyKey: string | undefined,
): Promise<Result> {
  if (idempotencyKey === undefined) {
    return callWorkflow(deps, workflowId, (handle) => handle.executeUpdate(update, { args: [args] }), {
      changes: true,
    });
  }
  const key: CaseActionKey = { workflowId, staffId: currentUser(req).staffId, idempotencyKey };
  const updateId = actionUpdateId(key.staffId, idempotencyKey);
  const claimedRun = await claimActionKey(deps.pool, key, { update: update.name, args }).catch((error: unknown) => {
    throw error instanceof IdempotencyKeyReusedError
      ? new HttpProblem({ type: 'idempotency-key-reused', detail: error.message })
      : error;
  });
  return callWorkflow(
    deps,
    workflowId,
    async (current) => {
      const sendTo = (runId: string) =>
        deps.client.workflow.getHandle(workflowId, runId).executeUpdate(update, { args: [args], updateId });
      const runId = claimedRun ?? (await recordActionRun(deps.pool, key, (await current.describe()).runId));
      try {
        return await sendTo(runId);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        const currentRun = (await current.describe()).runId;
        if (currentRun === runId) throw error; // the case itself has finished
        return await sendTo(await recordActionRun(deps.pool, key, currentRun, runId));
      }
    },
    { changes: true, idempotencyKey },
  );
}
