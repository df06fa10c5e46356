import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import {
  QueryNotRegisteredError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, WorkflowNotFoundError } from '@temporalio/common';
import { callWorkflow, classifyTemporalError } from '../../src/case/temporal-errors';
import { finishedWorkflowDetail } from '../../src/case/workflow-names';

/** An error as grpc-js makes it for a failed call (callErrorFromStatus): a code, details and metadata. */
function grpcError(code: grpcStatus, details: string): Error {
  return Object.assign(new Error(`${code} ${grpcStatus[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

describe('classifyTemporalError', () => {
  it('counts every form of "no answer in time" as such, Query and Update alike', () => {
    // What WorkflowClient.query throws when no worker answers before the deadline: both forms were seen.
    const queryDeadline = new ServiceError('Failed to query Workflow', {
      cause: grpcError(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded after 1.5s'),
    });
    const queryCancelled = new ServiceError('Failed to query Workflow', {
      cause: grpcError(grpcStatus.CANCELLED, 'Call cancelled'),
    });
    const updateTimeout = new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled', {
      cause: grpcError(grpcStatus.DEADLINE_EXCEEDED, 'x'),
    });
    for (const error of [queryDeadline, queryCancelled, updateTimeout])
      expect(classifyTemporalError(error)).toEqual({ kind: 'no-answer-in-time' });
  });

  it('tells the workflow’s refusals, a missing workflow and an unreachable service apart', () => {
    const refused = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'NotPossible', message: 'already closed' }),
    );
    expect(classifyTemporalError(refused)).toEqual({
      kind: 'refused',
      type: 'not-possible',
      reason: 'NotPossible',
      message: 'already closed',
    });
    // A rule that knows the field at fault names it in the failure's details, for the API's `errors`.
    const atField = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({
        type: 'InvalidCommand',
        message: 'measures[2].option: not an option',
        details: [{ field: 'measures.2.option' }],
      }),
    );
    expect(classifyTemporalError(atField)).toMatchObject({ kind: 'refused', field: 'measures.2.option' });
    const oddField = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'InvalidCommand', message: 'x', details: [{ field: '<script>' }] }),
    );
    expect(classifyTemporalError(oddField)).not.toHaveProperty('field');
    expect(classifyTemporalError(new WorkflowNotFoundError('not found', 'case-1', undefined))).toEqual({
      kind: 'workflow-not-found',
    });
    const unavailable = new ServiceError('Failed to query Workflow', {
      cause: grpcError(grpcStatus.UNAVAILABLE, 'connection refused 10.0.0.7'),
    });
    expect(classifyTemporalError(unavailable)).toEqual({ kind: 'unavailable' });
  });

  it('names any other Temporal error by its kind only, never its message', () => {
    const internal = new ServiceError('Failed to query Workflow', {
      cause: grpcError(grpcStatus.INTERNAL, 'shard 3 owned by 10.0.0.7'),
    });
    expect(classifyTemporalError(internal)).toEqual({ kind: 'other', name: 'ServiceError (INTERNAL)' });
    expect(
      classifyTemporalError(new QueryNotRegisteredError('unknown queryType getCase', grpcStatus.INVALID_ARGUMENT)),
    ).toEqual({ kind: 'other', name: 'QueryNotRegistered' });
    const unknownRefusal = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'Surprise', message: 'secret' }),
    );
    expect(classifyTemporalError(unknownRefusal)).toEqual({
      kind: 'other',
      name: 'WorkflowUpdateFailed (ApplicationFailure)',
    });
    expect(classifyTemporalError(new CancelledFailure('cancelled'))).toEqual({
      kind: 'other',
      name: 'CancelledFailure',
    });
    expect(classifyTemporalError(new TypeError('not temporal'))).toEqual({ kind: 'not-temporal' });
  });
});

describe('finishedWorkflowDetail', () => {
  it('says which of a case’s workflows finished, without its id', () => {
    expect(finishedWorkflowDetail('case-7d3b/repairs-1')).toMatch(
      /^the case’s emergency repairs workflow number 1 has finished .*the case itself may still be open/,
    );
    expect(finishedWorkflowDetail('case-7d3b/marac-2')).toMatch(
      /^the case’s MARAC referral workflow number 2 has finished/,
    );
    expect(finishedWorkflowDetail('case-7d3b')).toMatch(/^the case’s own workflow has finished \(the case is closed/);
    for (const id of ['case-7d3b/repairs-1', 'case-7d3b']) expect(finishedWorkflowDetail(id)).not.toContain('7d3b');
  });
});

describe('an Update the workflow finished before it completed', () => {
  it('answers 409 saying the workflow finished and the action may not have applied, not 502', async () => {
    const failed = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ message: 'the workflow completed before the update completed' }),
    );
    const finished = (status: string) =>
      ({
        caseCallTimeoutMs: 1_000,
        client: {
          withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call(),
          workflow: {
            getHandle: (workflowId: string) => ({ workflowId, describe: async () => ({ status: { name: status } }) }),
          },
        },
      }) as unknown as Parameters<typeof callWorkflow>[0];
    const answer = (status: string) =>
      callWorkflow(finished(status), 'case-00000000-0000-4000-8000-000000000001/safeguarding-1', () =>
        Promise.reject(failed),
      ).catch((problem: unknown) => problem as { problem: { type: string; detail: string } });
    expect((await answer('COMPLETED')).problem).toMatchObject({
      type: 'workflow-finished',
      detail: expect.stringContaining('may not have applied'),
    });
    expect((await answer('RUNNING')).problem).toMatchObject({ type: 'workflow-service-error' });
  });
});
