/** Socket errors of a database that cannot be reached (the server down, or no route to it). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of a server that is there but will not serve: shutting down (57P01 admin, 57P02
 * crash), starting up (57P03), out of connections (53300), or a broken connection (class 08).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says when it lost, or could not get, a connection (pg and pg-pool have no codes for these). */
const CONNECTION_MESSAGES =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error and is not queryable)/;

/** Whether an error means PostgreSQL could not be used just now (try again later), not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: the socket's errors may come from another realm (a vm context).
  for (
    let at = error as ErrorLike | undefined;
    typeof at === 'object' && at !== null;
    at = at.cause as ErrorLike | undefined
  ) {
    const { code, message, errors } = at;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')))
      return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    // Node reports a refused connection to each address of a host together (IPv4 and IPv6).
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}
