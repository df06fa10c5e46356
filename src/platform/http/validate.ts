import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { NUL_REFUSAL } from '../text';
import { HttpProblem, validationProblem, type RequestPart } from './problem';

export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: RequestPart,
): z.infer<Schema> {
  refuseUnstorableText(value, where);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, where);
  return parsed.data;
}

/**
 * PostgreSQL text cannot hold U+0000, and the schemas allow it in free text and ids: a request
 * carrying one would be accepted, and then its case, alert or release could never be recorded
 * (the worker's write would fail on every retry). A lone surrogate (a JSON escape such as \uD800
 * without its pair) is not Unicode text at all, and would be stored as U+FFFD. Such text is
 * refused here, naming the field.
 */
export function refuseUnstorableText(value: unknown, where: RequestPart): void {
  const fields = unstorableTextPaths(value);
  if (fields.length === 0) return;
  throw new HttpProblem({
    type: 'invalid-request',
    detail: `the request ${where} is not valid`,
    errors: fields.map(({ path, message }) => ({ field: [where, ...path].join('.'), message })),
  });
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, if it cannot. */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_REFUSAL;
  if (LONE_SURROGATE.test(text))
    return 'must be Unicode text: it holds a lone surrogate (\\uD800–\\uDFFF without its pair)';
  return undefined;
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/** The paths of strings and keys that cannot be stored as text; iterative, so a deeply nested body is no risk. */
function unstorableTextPaths(root: unknown, limit = 10): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
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
      const message = unstorable(value);
      if (message) found.push({ path: pathOf(visit), message });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, key: index, parent: visit }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const message = unstorable(key);
        if (message) found.push({ path: pathOf(visit, key), message });
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return found;
}

/**
 * A body in any other type than JSON would be left unread and then refused field by field as if
 * missing: answer 415 naming the type expected instead. A request without a body passes. (Routes
 * that take another type read their own body before this; see readOwnBody.)
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

/** Reads the body with `parser` (express.text, express.raw) in a route that takes a body other than JSON. */
export function readOwnBody(req: Request, res: Response, parser: RequestHandler): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A body parser's `verify`: a body that is not valid UTF-8 (a stray byte, an overlong form, an
 * encoded surrogate) would be decoded with U+FFFD in its place and stored so; refuse it instead,
 * as malformed JSON or (a CSV file) an invalid request.
 */
export const utf8Verifier =
  (type: 'malformed-json' | 'invalid-request') =>
  (_req: unknown, _res: unknown, body: Buffer): void => {
    try {
      strictUtf8.decode(body);
    } catch {
      throw new HttpProblem({
        type,
        detail: 'the body is not valid UTF-8',
        errors: [
          { field: 'body', message: 'must be valid UTF-8 (no stray bytes, overlong forms or encoded surrogates)' },
        ],
      });
    }
  };
export const refuseInvalidUtf8 = utf8Verifier('malformed-json');
