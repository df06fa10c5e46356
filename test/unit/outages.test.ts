import { status as grpcStatus } from '@grpc/grpc-js';
import { isDatabaseUnavailable } from '../../src/platform/db/unavailable';
import { changedNothing, neverReachedServer, worthRetrying } from '../../src/platform/temporal/connection';

describe('neverReachedServer', () => {
  it('is true only of calls grpc-js never sent: no connection, or a deadline passed waiting for one', () => {
    expect(
      neverReachedServer({
        code: grpcStatus.UNAVAILABLE,
        details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
      }),
    ).toBe(true);
    expect(
      neverReachedServer({
        code: grpcStatus.DEADLINE_EXCEEDED,
        details: 'Deadline exceeded after 5.001s,Waiting for LB pick',
      }),
    ).toBe(true);
  });

  it('is false of calls that were sent and then lost their answer, which may have applied', () => {
    expect(neverReachedServer({ code: grpcStatus.UNAVAILABLE, details: 'Connection dropped' })).toBe(false);
    expect(
      neverReachedServer({
        code: grpcStatus.DEADLINE_EXCEEDED,
        details: 'Deadline exceeded after 30s,LB pick: 0.001s,remote_addr=127.0.0.1:7233',
      }),
    ).toBe(false);
    expect(neverReachedServer({ code: grpcStatus.INTERNAL, details: 'No connection established' })).toBe(false);
  });
});

describe('worthRetrying', () => {
  it('sends again, a few times, what never reached the server, what the server refused for now, and an Update aborted while its run continued as new', () => {
    expect(worthRetrying(1, { code: grpcStatus.UNAVAILABLE, details: 'No connection established' })).toBe(true);
    expect(
      worthRetrying(1, {
        code: grpcStatus.RESOURCE_EXHAUSTED,
        details: 'workflow operation can not be applied because workflow is closing',
      }),
    ).toBe(true);
    expect(worthRetrying(1, { code: grpcStatus.UNAVAILABLE, details: 'Workflow Update was aborted.' })).toBe(true);
    expect(worthRetrying(5, { code: grpcStatus.UNAVAILABLE, details: 'No connection established' })).toBe(false);
    // the server asked: a continue-as-new under load takes seconds
    expect(worthRetrying(5, { code: grpcStatus.UNAVAILABLE, details: 'Workflow Update was aborted.' })).toBe(true);
    expect(worthRetrying(8, { code: grpcStatus.UNAVAILABLE, details: 'Workflow Update was aborted.' })).toBe(false);
  });

  it('does not send again what was sent and lost its answer: it may have applied, and the caller is told so', () => {
    expect(worthRetrying(1, { code: grpcStatus.UNAVAILABLE, details: 'Connection dropped' })).toBe(false);
    expect(worthRetrying(1, { code: grpcStatus.DEADLINE_EXCEEDED, details: 'Deadline exceeded after 30s' })).toBe(
      false,
    );
  });
});

describe('changedNothing', () => {
  it('claims nothing of an operation whose calls were not counted, or that may have sent a change', () => {
    expect(changedNothing({ calls: 0, changesMaybeSent: 0 })).toBe(false);
    expect(changedNothing({ calls: 2, changesMaybeSent: 1 })).toBe(false);
    expect(changedNothing({ calls: 2, changesMaybeSent: 0 })).toBe(true);
  });
});

describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('recognises a database that cannot be reached or will not serve', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006'])
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], ''))).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: withCode('57P01') }))).toBe(true);
  });

  it('leaves a wrong query or any other error to be reported as such', () => {
    for (const code of ['23505', '42P01', '22P02']) expect(isDatabaseUnavailable(withCode(code))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
