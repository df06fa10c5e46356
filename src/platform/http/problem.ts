import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { CaseErasedError } from '../crypto/case-keys';
import { isDatabaseUnavailable } from '../db/unavailable';
import { PROBLEM_TYPE_CODES, PROBLEM_TYPES, problemTypeUri, type ProblemType } from './problem-types';

/** RFC 9457 problem details: every refusal says what kind it is, what was wrong and where. */
export interface Problem {
  /** the kind of refusal (src/platform/http/problem-types.ts): it gives the status and the usual title */
  type: ProblemType;
  /** a more specific title than the type's, e.g. "Case not found" */
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The same, as the API documentation describes it (src/platform/http/openapi.ts). */
export const problemSchema = z
  .object({
    type: z
      .enum(PROBLEM_TYPE_CODES.map(problemTypeUri) as [string, ...string[]])
      .describe('what kind of refusal this is, stable for clients to branch on; GET it for a description'),
    status: z.int().min(400).max(599),
    title: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z
            .string()
            .describe('where in the request, e.g. body.channel, path.requestId, query.limit, header.Idempotency-Key'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('for invalid input: each field that is wrong, and why'),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, sent as application/problem+json',
  }) satisfies z.ZodType<Omit<Problem, 'type'> & { type: string; status: number; title: string }>;

export class HttpProblem extends Error {
  /**
   * `reason`: a code for the audit log (e.g. the workflow's refusal type NotPermitted), never
   * sent; the audit trail (src/audit/trail.ts) reads it from `res.locals.problemReason`.
   */
  constructor(
    readonly problem: Problem,
    readonly reason?: string,
    /** known to have changed nothing (a 5xx is otherwise recorded as an action that may have taken effect) */
    readonly changedNothing = false,
  ) {
    super(problem.detail ?? problem.title);
  }
}

/** Every 503 is a dependency that may be back soon: clients wait this long before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(res: Response, { type, title, ...rest }: Problem): void {
  const { status, title: usualTitle } = PROBLEM_TYPES[type];
  if (status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: problemTypeUri(type), status, title: title ?? usualTitle, ...rest });
}

export type RequestPart = 'body' | 'query' | 'path' | 'header';

/** Where an issue's field is in the request, e.g. ['path', 'requestId']; undefined leaves the issue out. */
export type FieldLocator = (path: readonly PropertyKey[]) => readonly PropertyKey[] | undefined;

export function validationProblem(
  error: z.ZodError,
  where: RequestPart,
  locate: FieldLocator = (path) => [where, ...path],
): HttpProblem {
  return new HttpProblem({
    type: 'invalid-request',
    detail: `the request ${where} is not valid`,
    errors: error.issues.flatMap((issue) => {
      const field = locate(issue.path);
      return field ? [{ field: field.map(String).join('.'), message: issue.message }] : [];
    }),
  });
}

/**
 * A read changed nothing. An action meets the database before its workflow (the case, the
 * Idempotency-Key) and, for POST /cases, after starting it (waiting for the case to be recorded).
 */
function databaseUnavailableDetail(method: string): string {
  if (method === 'GET' || method === 'HEAD')
    return 'the database could not be reached; nothing was changed, try again shortly';
  return 'the database could not be reached, so the request did not complete; retry it with the same Idempotency-Key, which applies it at most once (without one, read the case first)';
}

/** The answer for a case that was erased. */
export const erasedCaseProblem = (erasedAt: Date): Problem => ({
  type: 'case-erased',
  detail: `the case was erased on ${erasedAt.toISOString().slice(0, 10)} (${erasedAt.toISOString()}): its content can no longer be read`,
});

/** A case's erasure found on the way (a key destroyed), however deep in the causes of the error. */
function erasedCaseIn(error: unknown): CaseErasedError | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth += 1)
    if (cause instanceof CaseErasedError) return cause;
  return undefined;
}

/** Last-resort handler: known problems keep their status, express's own 4xx errors keep theirs. */
export function problemHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof HttpProblem) {
      res.locals.problemReason = error.reason;
      res.locals.changedNothing = error.changedNothing;
      return sendProblem(res, error.problem);
    }
    const erased = erasedCaseIn(error);
    if (erased) {
      res.locals.problemReason = 'CaseErased';
      return sendProblem(res, erasedCaseProblem(erased.erasedAt));
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const expressError = error as { type?: string; message?: string };
      if (expressError.type === 'entity.parse.failed')
        return sendProblem(res, { type: 'malformed-json', detail: 'the body is not valid JSON' });
      if (expressError.type === 'entity.too.large')
        return sendProblem(res, { type: 'body-too-large', detail: 'the body is larger than allowed' });
      if (expressError.type === 'charset.unsupported' || expressError.type === 'encoding.unsupported') {
        return sendProblem(res, {
          type: 'unsupported-media-type',
          detail: 'the body must be JSON in UTF-8, without a Content-Encoding',
          errors: [{ field: 'header.Content-Type', message: 'must be application/json in UTF-8' }],
        });
      }
      return sendProblem(res, { type: 'invalid-request', detail: expressError.message });
    }
    if (isDatabaseUnavailable(error)) {
      res.locals.problemReason = 'DatabaseUnavailable';
      return sendProblem(res, { type: 'database-unavailable', detail: databaseUnavailableDetail(req.method) });
    }
    onUnexpected(error);
    sendProblem(res, {
      type: 'internal-error',
      detail: 'the request could not be completed; if it was an action, read the case before trying again',
    });
  };
}
