import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { HttpProblem, validationProblem, type RequestPart } from './problem';

export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, where: RequestPart): z.infer<Schema> {
  refuseUnstorableText(value, where);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, where);
  return parsed.data;
}

/**
 * PostgreSQL text cannot hold U+0000, and the schemas allow it in free text and ids: a request
 * carrying one would be accepted, and then its case, alert or release could never be recorded
 * (the worker's write would fail on every retry). Such text is refused here, naming the field.
 */
export function refuseUnstorableText(value: unknown, where: RequestPart): void {
  const fields = nulCharacterPaths(value);
  if (fields.length === 0) return;
  throw new HttpProblem({
    type: 'invalid-request',
    detail: `the request ${where} is not valid`,
    errors: fields.map((path) => ({ field: [where, ...path].join('.'), message: 'must not contain the NUL character (U+0000)' })),
  });
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/** The paths of strings and keys that contain U+0000; iterative, so a deeply nested body is no risk. */
function nulCharacterPaths(root: unknown, limit = 10): (string | number)[][] {
  const found: (string | number)[][] = [];
  const pathOf = (visit: Visit, last?: string) => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
    return path;
  };
  const pending: Visit[] = [{ value: root }];
  while (pending.length > 0 && found.length < limit) {
    const visit = pending.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(pathOf(visit));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, key: index, parent: visit }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) found.push(pathOf(visit, key));
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return found;
}

/**
 * A body in any other type than JSON would be left unread and then refused field by field as if
 * missing: answer 415 naming the type expected instead. A request without a body passes.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = req.headers['transfer-encoding'] !== undefined || length > 0;
  if (!hasBody || req.is('application/json')) return next();
  const sent = req.headers['content-type'];
  next(
    new HttpProblem({
      type: 'unsupported-media-type',
      detail: `the body must be sent as Content-Type: application/json${sent ? '' : ' (no Content-Type was given)'}`,
      errors: [{ field: 'header.Content-Type', message: 'must be application/json' }],
    }),
  );
};
