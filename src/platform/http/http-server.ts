import http, { type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_TYPES, problemTypeUri, type ProblemType } from './problem-types';

/**
 * How long a client may take: its headers within 10 s, its whole request within 15 s (a 64 kB
 * body included), checked every second (Node's default check runs every 30 s, so a body shorter
 * than its Content-Length held a connection for 30 s and more). An idle keep-alive connection is
 * kept 5 s, Node's default, long enough to be reused by a client that sends the next request.
 */
const HTTP_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 15_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 5_000,
} as const;

/** The API's HTTP server: bounded in time, and Node's own refusals answered as problem+json too. */
export function createApiServer(app: RequestListener): Server {
  const { keepAliveTimeout, ...bounds } = HTTP_TIMEOUTS;
  const server = http.createServer(bounds, app);
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('clientError', answerClientError);
  return server;
}

/**
 * Node refuses a request it cannot parse before express sees it (a NUL in a header, a 40 kB
 * path, a request that never finishes) with a bare text answer: answer the same status as a
 * problem, and close the connection, whose stream can no longer be trusted.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { type, detail } = clientErrorProblem(error.code);
  const { status, title } = PROBLEM_TYPES[type];
  const body = JSON.stringify({ type: problemTypeUri(type), status, title, detail });
  socket.end(
    [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/** Node's parser codes (llhttp's HPE_*) and timeouts, as the problem the client is told. */
function clientErrorProblem(code: string | undefined): { type: ProblemType; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { type: 'headers-too-large', detail: 'the request line and headers are larger than 16 kB' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      type: 'request-timeout',
      detail: 'the request was not received in time (is the body shorter than its Content-Length?)',
    };
  return {
    type: 'invalid-request',
    detail: 'the request is not valid HTTP/1.1 (e.g. a header holds a character it may not)',
  };
}
