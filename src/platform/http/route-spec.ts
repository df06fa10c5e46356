import type { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { RoleGuard } from './require-role';

/**
 * What a route is, as data: the routers mount routes from these, and the OpenAPI document
 * (src/platform/http/openapi.ts) is built from the same objects, so the two cannot drift apart.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'put';
  /** as express matches it, e.g. /cases/:caseId/state */
  path: string;
  /** the operation's name in the documentation: a case action's or callback's Update name, else a verb phrase */
  operationId: string;
  /** the group the route is listed under in the documentation */
  tag: string;
  summary: string;
  description?: string;
  /** the role check the route is mounted behind: its `roles` are the ones documented */
  access: RoleGuard;
  /** one schema per `:parameter` of the path, under the parameter's name */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /**
   * A body that is not JSON (a CSV file, a document's bytes): the media types it accepts. Such a
   * route reads its body itself (`readOwnBody`) and is mounted before JSON is required.
   */
  bodyMediaTypes?: readonly string[];
  /** a body that the route accepts as it is, for the documentation's "Try it out" */
  bodyExample?: unknown;
  responses: readonly RouteResponse[];
  /** the problem+json statuses the route answers with (401 and 403 go with every route behind a token) */
  problems: readonly ProblemStatus[];
  /** what the route leaves in the access or audit log (src/audit/trail.ts writes it), said here so no route is forgotten */
  logs: RouteLogging;
}

/**
 * A route's entry in the logs (DESIGN §6):
 *   - `accessLog`: a read of a case (the `:caseId` of the path); answered 200, it is first
 *     appended to the access log, as a read of `resource` (e.g. case.state);
 *   - `auditLog`: an action; accepted or refused, it is appended to the audit log as `action`;
 *   - 'none': the route reads or changes no case.
 */
export type RouteLogging =
  { accessLog: { resource: string | ((req: Request) => string) } } | { auditLog: { action: string } } | 'none';

export interface RouteResponse {
  status: 200 | 201 | 202;
  description: string;
  schema: z.ZodType;
  /** the answer's media type when it is not JSON (a document's bytes) */
  contentType?: string;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 502 | 503;

/**
 * A case read: invalid ids, the caller's token and role, a case it may not see, the database
 * unavailable; and, for a case not yet projected (read from its workflow), a Temporal error (502)
 * or the workflow service not answering (503); a case erased answers 410.
 */
export const CASE_READ_PROBLEMS = [400, 401, 403, 404, 410, 502, 503] as const satisfies readonly ProblemStatus[];
/** A call on a workflow: refused by its validators (400/403/409), finished (409), a Temporal error (502), no answer in time (503). */
export const WORKFLOW_PROBLEMS = [400, 401, 403, 404, 409, 410, 502, 503] as const satisfies readonly ProblemStatus[];
/** A POST with a JSON body may also be malformed (400), too large (413) or not JSON (415). */
export const withBodyProblems = (problems: readonly ProblemStatus[]): ProblemStatus[] => [
  ...new Set<ProblemStatus>([...problems, 400, 413, 415]),
];
/** A case-changing POST: a workflow call with a body, whose Idempotency-Key may have been used for another action (422). */
export const CASE_CHANGE_PROBLEMS: ProblemStatus[] = withBodyProblems([...WORKFLOW_PROBLEMS, 422]);

/** The workflow's own answer: its state or an Update's result, documented loosely. */
export const workflowResultSchema = z
  .looseObject({})
  .describe('the workflow’s answer (its state or the Update’s result), as the workflow gives it');

/** A keyed POST's answers: 201 with what it made, or 200 with what the first request with the same Idempotency-Key made. */
export const madeOrRetried = (made: string, schema: z.ZodType): RouteResponse[] => [
  { status: 201, description: made, schema },
  { status: 200, description: `a retried request: ${made}, as the first with this Idempotency-Key made it`, schema },
];

/** Mounts `spec`'s method and path behind its role check. */
export function mountRoute(router: Router, spec: RouteSpec, handler: RequestHandler): void {
  router[spec.method](spec.path, spec.access, handler);
}

/** The `:parameter` names of an express path, in order. */
export const pathParameterNames = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map(([, name]) => name!);

/** /cases/:caseId → /cases/{caseId} */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');
