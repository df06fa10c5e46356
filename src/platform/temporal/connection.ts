import { AsyncLocalStorage } from 'node:async_hooks';
import { InterceptingCall, status as grpcStatus, type Interceptor, type StatusObject } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

/**
 * Whether a failed gRPC call never reached the Temporal server: grpc-js found no connection to
 * send it on (its pickers say "No connection established"), or its deadline passed while it was
 * still waiting for one. Such a call changed nothing, whatever it asked for.
 */
export function neverReachedServer({ code, details }: Pick<StatusObject, 'code' | 'details'>): boolean {
  if (code === grpcStatus.UNAVAILABLE) return /No connection established/.test(details);
  if (code === grpcStatus.DEADLINE_EXCEEDED) return /Waiting for LB pick/.test(details);
  return false;
}

/**
 * An operation's gRPC calls: how many there were, and how many of those that could change
 * something (any but the reads below) may have reached the server (sent, or still in flight).
 */
export interface ServerReach {
  calls: number;
  changesMaybeSent: number;
}

/** The WorkflowService calls that only read: one of them reaching the server changes nothing. */
const READ_ONLY_METHODS = new Set(
  [
    'DescribeWorkflowExecution',
    'QueryWorkflow',
    'PollWorkflowExecutionUpdate',
    'GetWorkflowExecutionHistory',
    'GetSystemInfo',
    'ListWorkflowExecutions',
    'CountWorkflowExecutions',
  ].map((name) => `/temporal.api.workflowservice.v1.WorkflowService/${name}`),
);

const reachOfCurrentOperation = new AsyncLocalStorage<ServerReach>();

/**
 * Runs `operation`, counting its gRPC calls in `reach` (on a connection made with
 * temporalConnectionOptions; any other connection counts none, so nothing is claimed of it).
 */
export function countingServerReach<T>(reach: ServerReach, operation: () => Promise<T>): Promise<T> {
  return reachOfCurrentOperation.run(reach, operation);
}

/** True only when the calls were counted and none that could change anything reached the server. */
export const changedNothing = ({ calls, changesMaybeSent }: ServerReach): boolean =>
  calls > 0 && changesMaybeSent === 0;

/** Outermost, so it sees each call's final status after the retries below it. */
const countReach: Interceptor = (options, nextCall) => {
  const reach = reachOfCurrentOperation.getStore();
  if (!reach) return new InterceptingCall(nextCall(options));
  reach.calls += 1;
  if (READ_ONLY_METHODS.has(options.method_definition.path)) return new InterceptingCall(nextCall(options));
  reach.changesMaybeSent += 1;
  return new InterceptingCall(nextCall(options), {
    start(metadata, _listener, next) {
      next(metadata, {
        onReceiveStatus(status, onward) {
          if (neverReachedServer(status)) reach.changesMaybeSent -= 1;
          onward(status);
        },
      });
    },
  });
};

/** A call that never reached the server is retried this many times, about 1.5 s in all. */
const ATTEMPTS_WHILE_UNREACHABLE = 5;
/** A call the server asked to have sent again is retried for longer, about 10 s: a continue-as-new under load takes seconds. */
const ATTEMPTS_WHEN_SERVER_ASKS = 8;

/**
 * Whether a failed call is worth sending again: it never reached the server, or the server
 * refused it for now (RESOURCE_EXHAUSTED, also "workflow is closing"), or it aborted an Update
 * that its run could not take while continuing as new ("workflow update was aborted", UNAVAILABLE
 * from the server itself, which asks for a retry). An Update keeps its id, so Temporal applies it
 * at most once however often it is sent.
 */
export function worthRetrying(attempt: number, status: Pick<StatusObject, 'code' | 'details'>): boolean {
  if (neverReachedServer(status)) return attempt < ATTEMPTS_WHILE_UNREACHABLE;
  const serverAsks =
    status.code === grpcStatus.RESOURCE_EXHAUSTED ||
    (status.code === grpcStatus.UNAVAILABLE && /update was aborted/i.test(status.details));
  return serverAsks && attempt < ATTEMPTS_WHEN_SERVER_ASKS;
}

/**
 * The SDK's default retries every UNAVAILABLE call ten times, about 20 s: a caller waited that
 * long for an outage, and a call that had reached the server and then lost its connection was
 * sent again and reported as the last attempt's "no connection", hiding that it may have applied.
 * Here only the calls {@link worthRetrying} are retried, briefly, with the SDK's backoff.
 */
const retryUnsentBriefly = (() => {
  const defaults = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    delayFunction: defaults.delayFunction,
    retryableDecider: worthRetrying,
  });
})();

/**
 * Options for every Connection the API makes: an outage answers within seconds, and truthfully;
 * once the server is back, grpc-js reconnects within seconds (its default backoff grows to 2 min).
 */
export function temporalConnectionOptions(address: string): ConnectionOptions {
  return {
    address,
    interceptors: [countReach, retryUnsentBriefly],
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 5_000 },
  };
}
