import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

/** RFC 9457 problem details: every refusal says what was wrong and where. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
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
    if (error instanceof HttpProblem) return sendProblem(res, error.problem);
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
