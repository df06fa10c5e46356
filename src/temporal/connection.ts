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

/** How many gRPC calls an operation made, and how many of them never reached the server. */
export interface ServerReach {
  calls: number;
  unreached: number;
}

const reachOfCurrentOperation = new AsyncLocalStorage<ServerReach>();

/**
 * Runs `operation`, counting its gRPC calls in `reach` (on a connection made with
 * temporalConnectionOptions; any other connection counts none, so nothing is claimed of it).
 */
export function countingServerReach<T>(reach: ServerReach, operation: () => Promise<T>): Promise<T> {
  return reachOfCurrentOperation.run(reach, operation);
}

/** True only when every call was counted and none reached the server: the operation cannot have applied. */
export const reachedNoServer = ({ calls, unreached }: ServerReach): boolean => calls > 0 && unreached === calls;

/** Outermost, so it sees each call's final status after the retries below it. */
const countReach: Interceptor = (options, nextCall) => {
  const reach = reachOfCurrentOperation.getStore();
  if (!reach) return new InterceptingCall(nextCall(options));
  reach.calls += 1;
  return new InterceptingCall(nextCall(options), {
    start(metadata, _listener, next) {
      next(metadata, {
        onReceiveStatus(status, onward) {
          if (neverReachedServer(status)) reach.unreached += 1;
          onward(status);
        },
      });
    },
  });
};

/** A call that never reached the server is retried this many times, about 1.5 s in all. */
const ATTEMPTS_WHILE_UNREACHABLE = 5;

/**
 * The SDK's default retries every UNAVAILABLE call ten times, about 20 s: a caller waited that
 * long for an outage, and a call that had reached the server and then lost its connection was
 * sent again and reported as the last attempt's "no connection", hiding that it may have applied.
 * Here only calls that never reached the server are retried, briefly; RESOURCE_EXHAUSTED (the
 * server refused the call) keeps the SDK's backoff.
 */
const retryUnsentBriefly = (() => {
  const defaults = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    delayFunction: defaults.delayFunction,
    retryableDecider: (attempt, status) =>
      attempt < ATTEMPTS_WHILE_UNREACHABLE && (neverReachedServer(status) || status.code === grpcStatus.RESOURCE_EXHAUSTED),
  });
})();

/**
 * Options for every Connection the API makes: an outage answers within seconds, and truthfully;
 * once the server is back, grpc-js reconnects within seconds (its default backoff grows to 2 min).
 */
export function temporalConnectionOptions(address: string): ConnectionOptions {
  return {
    address,
    connectTimeout: '5 seconds',
    interceptors: [countReach, retryUnsentBriefly],
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 5_000 },
  };
}
