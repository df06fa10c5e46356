import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ApplicationFailure, TemporalFailure, WorkflowNotFoundError } from '@temporalio/common';
import { changedNothing, countingServerReach, type ServerReach } from '../platform/temporal/connection';
import { finishedWorkflowDetail } from './workflow-names';
import { HttpProblem } from '../platform/http/problem';
import type { ProblemType } from '../platform/http/problem-types';
import type { Refusal } from '../platform/workflow/validation';

/**
 * How the case workflow's answers become HTTP answers, in one place. Its validators refuse an
 * action with an ApplicationFailure whose type says why (src/case/workflow.ts):
 */
const REFUSALS: Record<string, ProblemType> = {
  InvalidCommand: 'invalid-request',
  NotPermitted: 'not-permitted',
  NotPossible: 'not-possible',
};

/** A rule's refusal asked outside the workflow (of a finished run's record), answered as the workflow's would be. */
export const problemOfRefusal = (refusal: Refusal): HttpProblem =>
  new HttpProblem({ type: REFUSALS[refusal.type]!, detail: refusal.message }, refusal.type);

export interface CaseWorkflowAccess {
  client: Client;
  /** how long a request waits for the case to answer (no worker, a stuck activity) before 503 */
  caseCallTimeoutMs: number;
}

/** What a call asks of the workflow service, so that an outage's answer says what may have happened. */
export type WorkflowCall = { changes: false } | { changes: true; idempotencyKey?: string };

const READ: WorkflowCall = { changes: false };

/**
 * Runs a call (an Update or a Query) on one workflow, a case's own or a child's (which a partner's
 * callback reaches too), within the case call timeout, and turns the workflow's answers into
 * problems: refused by a validator → 400/403/409 with the workflow's reason; no such workflow →
 * 404; a workflow that has finished (the case closed and its follow-up done, a child's work done,
 * or terminated) → 409 naming it; no answer in time or no service → 503 saying whether the call
 * may have applied; any other Temporal error → 502 naming its kind, never its internals.
 */
export async function callWorkflow<T>(
  { client, caseCallTimeoutMs }: CaseWorkflowAccess,
  workflowId: string,
  call: (handle: WorkflowHandle) => Promise<T>,
  kind: WorkflowCall = READ,
): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  const reach: ServerReach = { calls: 0, changesMaybeSent: 0 };
  try {
    return await countingServerReach(reach, () =>
      client.withDeadline(Date.now() + caseCallTimeoutMs, () => call(handle)),
    );
  } catch (error) {
    throw (await problemFor(error, handle, unansweredProblem(reach, kind))) ?? error;
  }
}

/**
 * The same for a call that starts a workflow: only the workflow service's outages become problems
 * (503, saying whether it may have started), any other error is the caller's to handle.
 */
export async function onWorkflowService<T>(call: () => Promise<T>, kind: WorkflowCall): Promise<T> {
  const reach: ServerReach = { calls: 0, changesMaybeSent: 0 };
  try {
    return await countingServerReach(reach, call);
  } catch (error) {
    const classified = classifyTemporalError(error);
    if (classified.kind === 'unavailable' || classified.kind === 'no-answer-in-time')
      throw unansweredProblem(reach, kind)(classified.kind);
    throw error;
  }
}

/** What kind of Temporal error a call on a workflow met: a pure classification of the SDK's errors. */
export type TemporalErrorKind =
  | { kind: 'refused'; type: ProblemType; reason: string; message: string; field?: string }
  | { kind: 'workflow-not-found' }
  | { kind: 'no-answer-in-time' }
  | { kind: 'unavailable' }
  | { kind: 'other'; name: string }
  | { kind: 'not-temporal' };

/**
 * Every form "no answer in time" takes: an Update's RPC timeout, and a Query's gRPC DEADLINE_EXCEEDED
 * or CANCELLED (grpc-js reports a deadline that passes mid-call either way), wrapped in ServiceError.
 */
export function classifyTemporalError(error: unknown): TemporalErrorKind {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const type = cause instanceof ApplicationFailure && cause.type ? REFUSALS[cause.type] : undefined;
    if (type) {
      const field = fieldOf((cause as ApplicationFailure).details);
      return {
        kind: 'refused',
        type,
        reason: (cause as ApplicationFailure).type!,
        message: (cause as ApplicationFailure).message,
        ...(field !== undefined && { field }),
      };
    }
    return { kind: 'other', name: `WorkflowUpdateFailed${cause instanceof TemporalFailure ? ` (${cause.name})` : ''}` };
  }
  if (error instanceof WorkflowNotFoundError) return { kind: 'workflow-not-found' };
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcDeadlineError(error) ||
    isGrpcCancelledError(error)
  ) {
    return { kind: 'no-answer-in-time' };
  }
  const grpcCode = grpcCodeOf(error);
  if (grpcCode === grpcStatus.UNAVAILABLE || grpcCode === grpcStatus.RESOURCE_EXHAUSTED) return { kind: 'unavailable' };
  if (error instanceof QueryNotRegisteredError) return { kind: 'other', name: 'QueryNotRegistered' };
  if (error instanceof QueryRejectedError) return { kind: 'other', name: 'QueryRejected' };
  if (error instanceof ServiceError)
    return {
      kind: 'other',
      name: grpcCode === undefined ? 'ServiceError' : `ServiceError (${grpcStatus[grpcCode] ?? grpcCode})`,
    };
  if (error instanceof TemporalFailure) return { kind: 'other', name: error.name };
  return { kind: 'not-temporal' };
}

/** The command field a refusal names in its details (src/platform/workflow/validation.ts), if any. */
function fieldOf(details: unknown): string | undefined {
  const first: unknown = Array.isArray(details) ? details[0] : undefined;
  if (typeof first !== 'object' || first === null || !('field' in first)) return undefined;
  const { field } = first as { field: unknown };
  return typeof field === 'string' && /^[A-Za-z][A-Za-z0-9_.]{0,200}$/.test(field) ? field : undefined;
}

/** The gRPC status code of an error or of the error it wraps. */
function grpcCodeOf(error: unknown): number | undefined {
  for (let at: unknown = error; at instanceof Error; at = at.cause) {
    if (isGrpcServiceError(at)) return at.code;
  }
  return undefined;
}

type UnansweredProblem = (kind: 'unavailable' | 'no-answer-in-time') => HttpProblem;

/**
 * A call the workflow service did not answer: whether it may have applied is known from its gRPC
 * calls (src/platform/temporal/connection.ts), and what to do next from whether it could change the case.
 */
function unansweredProblem(reach: ServerReach, call: WorkflowCall): UnansweredProblem {
  return (kind) => {
    const type = kind === 'unavailable' ? 'workflow-service-unavailable' : 'no-answer-in-time';
    const what =
      kind === 'unavailable' ? 'the workflow service could not be reached' : 'the case did not answer in time';
    const reason = kind === 'unavailable' ? 'WorkflowServiceUnavailable' : 'NoAnswerInTime';
    if (!call.changes)
      return new HttpProblem({ type, detail: `${what}; nothing was changed, try again shortly` }, reason, true);
    if (changedNothing(reach))
      return new HttpProblem(
        { type, detail: `${what}, so the action was not applied; try again shortly` },
        reason,
        true,
      );
    const retry = call.idempotencyKey
      ? 'retry with the same Idempotency-Key: the action is applied at most once and the retry answers its result'
      : 'read the case before trying again, or send the action with an Idempotency-Key so that a retry is applied at most once';
    return new HttpProblem(
      { type, detail: `${what} after the action was sent, so it may have been applied; ${retry}` },
      reason,
    );
  };
}

async function problemFor(
  error: unknown,
  handle: WorkflowHandle,
  unanswered: UnansweredProblem,
): Promise<HttpProblem | undefined> {
  const classified = classifyTemporalError(error);
  switch (classified.kind) {
    case 'refused':
      return new HttpProblem(
        {
          type: classified.type,
          detail: classified.message,
          ...(classified.field !== undefined && {
            errors: [{ field: `body.${classified.field}`, message: classified.message }],
          }),
        },
        classified.reason,
      );
    case 'workflow-not-found':
      return (await hasFinished(handle))
        ? new HttpProblem(
            { type: 'workflow-finished', detail: finishedWorkflowDetail(handle.workflowId) },
            'WorkflowFinished',
          )
        : new HttpProblem(
            { type: 'not-found', title: 'Case not found', detail: 'the case has no workflow' },
            'WorkflowNotFound',
          );
    case 'no-answer-in-time':
    case 'unavailable':
      return unanswered(classified.kind);
    case 'other':
      // An Update accepted as the workflow was finishing fails when it finishes first: say so, not 502.
      if (classified.name.startsWith('WorkflowUpdateFailed') && (await hasFinished(handle)))
        return new HttpProblem(
          {
            type: 'workflow-finished',
            detail: `${finishedWorkflowDetail(handle.workflowId)}; it finished while this action was being taken, which may not have applied: read it before trying again`,
          },
          'WorkflowFinished',
        );
      return new HttpProblem(
        {
          type: 'workflow-service-error',
          detail: `the workflow service answered ${classified.name}; read the case before trying again`,
        },
        classified.name,
      );
    case 'not-temporal':
      return undefined;
  }
}

/** The server answers an Update on a finished workflow with "not found": tell the two apart. */
async function hasFinished(handle: WorkflowHandle): Promise<boolean> {
  try {
    return (await handle.describe()).status.name !== 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
