import type { RequestHandler } from 'express';
import { currentUser, type Role } from '../auth';
import { sendProblem } from './problem';

/** A route's role check, which also tells whom it admits (the API's documentation reads `roles`). */
export type RoleGuard = RequestHandler & { readonly roles: readonly Role[] };

/**
 * Allows only the roles named; no role implies another (an admin is not a case reader), so
 * each route lists everyone it serves. The refusal names them, so a caller knows whom to ask.
 */
export function requireRole(...roles: [Role, ...Role[]]): RoleGuard {
  const guard: RequestHandler = (req, res, next) => {
    if (roles.includes(currentUser(req).role)) return next();
    sendProblem(res, { type: 'forbidden', detail: `this action needs one of: ${roles.join(', ')}` });
  };
  return Object.assign(guard, { roles: Object.freeze([...roles]) });
}
