import createClient from 'openapi-fetch';
import type { components, paths } from './openapi';

/**
 * The API's typed client, generated from the API's own OpenAPI document at build time
 * (scripts/build-console.sh), so a console call the API does not document fails the build.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin });

export type Problem = components['schemas']['Problem'];
export type CaseState = components['schemas']['CaseState'];
export type CaseSummary = components['schemas']['Case'];
export type InboxAlert = components['schemas']['InboxAlert'];
export type Deadline = components['schemas']['Deadline'];

let bearer: string | undefined;
let onUnauthenticated: () => void = () => undefined;

/** The session's token lives in this module only: never in a URL, a cookie or the browser's storage. */
export function setBearer(token: string | undefined, signedOut: () => void): void {
  bearer = token;
  onUnauthenticated = signedOut;
}

export function authorization(): Record<string, string> {
  return bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` };
}

api.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authorization())) request.headers.set(name, value);
    if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onUnauthenticated();
    return response;
  },
});

/** What the API answered when it refused, as a problem even when the answer was not one (a proxy's page). */
export function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'title' in error) return error as Problem;
  return {
    type: '/problems/internal-error',
    status: response.status,
    title: response.statusText || 'The request failed',
    detail: `The server answered ${response.status}.`,
  } as Problem;
}

/** One Idempotency-Key per intended action, so that a retried submission is applied once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
