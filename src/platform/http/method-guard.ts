import type { RequestHandler } from 'express';
import type { OpenApiDocument } from './openapi';
import { sendProblem } from './problem';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `/cases/{caseId}/state` → a pattern matching one path segment for each parameter. */
const templatePattern = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}/?$`);

/**
 * A documented path asked with a method it does not have answers 405 with `Allow`, not 404: the
 * route exists (the OpenAPI document says so to anyone). HEAD goes with GET. OPTIONS answers 204
 * with the same `Allow`, except a CORS preflight, which is left to the routers (the codec
 * endpoint answers its own).
 */
export function methodNotAllowed(document: OpenApiDocument): RequestHandler {
  const routes = Object.entries(document.paths ?? {}).map(([template, item]) => {
    const declared = METHODS.filter((method) => item?.[method] !== undefined).map((method) => method.toUpperCase());
    return {
      template,
      pattern: templatePattern(template),
      allowed: declared.includes('GET') ? [...declared, 'HEAD'] : declared,
    };
  });
  return (req, res, next) => {
    const preflight = req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined;
    if (preflight) return next();
    const matching = routes.filter((route) => route.pattern.test(req.path));
    if (matching.length === 0) return next();
    const allowed = [...new Set(matching.flatMap((route) => route.allowed))];
    if (allowed.includes(req.method)) return next();
    res.set('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') return void res.status(204).end();
    sendProblem(res, {
      type: 'method-not-allowed',
      detail: `${req.method} is not allowed on ${matching[0]!.template}; allowed: ${allowed.join(', ')}`,
    });
  };
}
