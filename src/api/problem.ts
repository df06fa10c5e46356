import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';

/** RFC 9457 problem details: every refusal says what was wrong and where. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The same, as the API documentation describes it (src/api/openapi.ts). */
export const problemSchema = z
  .object({
    type: z.string().describe('always about:blank: the status and title say what happened'),
    status: z.int().min(400).max(599),
    title: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string().describe('where in the request, e.g. body.channel, path.requestId, query.limit, header.Idempotency-Key'), message: z.string() }))
      .optional()
      .describe('for invalid input: each field that is wrong, and why'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, sent as application/problem+json' }) satisfies z.ZodType<Problem & { type: string }>;

export class HttpProblem extends Error {
  /**
   * `reason`: a code for the audit log (e.g. the workflow's refusal type NotPermitted), never
   * sent; the audit trail (src/api/audit-trail.ts) reads it from `res.locals.problemReason`.
   */
  constructor(
    readonly problem: Problem,
    readonly reason?: string,
  ) {
    super(problem.detail ?? problem.title);
  }
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json({ type: 'about:blank', ...problem });
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
    status: 400,
    title: 'Invalid request',
    detail: `the request ${where} is not valid`,
    errors: error.issues.flatMap((issue) => {
      const field = locate(issue.path);
      return field ? [{ field: field.map(String).join('.'), message: issue.message }] : [];
    }),
  });
}

/** Last-resort handler: known problems keep their status, express's own 4xx errors keep theirs. */
export function problemHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof HttpProblem) {
      res.locals.problemReason = error.reason;
      return sendProblem(res, error.problem);
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const expressError = error as { type?: string; message?: string };
      const detail =
        expressError.type === 'entity.parse.failed' ? 'the body is not valid JSON'
        : expressError.type === 'entity.too.large' ? 'the body is larger than allowed'
        : expressError.message;
      return sendProblem(res, { status, title: 'Invalid request', detail });
    }
    onUnexpected(error);
    sendProblem(res, { status: 500, title: 'Internal error', detail: 'the request could not be completed; nothing was lost' });
  };
}
