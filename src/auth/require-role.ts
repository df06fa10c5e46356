import type { RequestHandler } from 'express';
import { sendProblem } from '../api/problem';
import { currentUser } from './principal';
import type { Role } from './roles';

/**
 * Allows only the roles named; no role implies another (an admin is not a case reader), so
 * each route lists everyone it serves. The refusal names them, so a caller knows whom to ask.
 */
export function requireRole(...roles: [Role, ...Role[]]): RequestHandler {
  return (req, res, next) => {
    if (roles.includes(currentUser(req).role)) return next();
    sendProblem(res, { status: 403, title: 'Forbidden', detail: `this action needs one of: ${roles.join(', ')}` });
  };
}
