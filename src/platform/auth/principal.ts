import type { Request } from 'express';
import { z } from 'zod';
import { DEFAULT_ROLE_MAPPING, rolesOffered, type RoleMapping } from './role-mapping';
import type { Role } from './roles';

/** Who is calling, as vouched for by a verified token. */
export interface Principal {
  staffId: string;
  role: Role;
  teamId?: string;
  organisationId: string;
  /** Set for partner systems, whose reach is limited to their own callbacks. */
  partnerId?: string;
}

declare global {
  // Express's own extension point for per-request data.
  namespace Express {
    interface Request {
      user?: Principal;
    }
  }
}

/**
 * Ids as every place that records them takes them (cases, the audit and access logs): at most 100
 * characters, no surrounding spaces, no control characters (PostgreSQL text cannot hold NUL). A
 * principal whose id could not be recorded must not get as far as acting or reading.
 */
const idClaim = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?!\s)(?!.*\s$)[^\p{Cc}]+$/su);

/**
 * Custom claims use snake_case like the registered ones. `role` (one value) suits Keycloak
 * mappers and dev tokens; `roles` (array) is what Entra ID app roles produce.
 */
const claimsSchema = z.object({
  sub: idClaim,
  organisation_id: idClaim,
  team_id: idClaim.optional(),
  partner_id: idClaim.optional(),
  role: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

export type PrincipalResult = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; reason: string };

/**
 * Claims of an already verified token → principal; failures name claims, never values. The role
 * is read as `mapping` says (src/platform/auth/role-mapping.ts); by default from `role` and `roles`.
 */
export function principalFromClaims(payload: unknown, mapping: RoleMapping = DEFAULT_ROLE_MAPPING): PrincipalResult {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const claims = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'payload')))];
    return { ok: false, status: 401, reason: `the token claims are not valid: ${claims.join(', ')}` };
  }
  const claims = parsed.data;
  // Unknown entries are ignored (an IdP may add roles meant for other apps), but two known
  // ones are refused rather than guessed at: picking either could widen what the caller sees.
  const known = rolesOffered(payload as Record<string, unknown>, mapping);
  if (known.length === 0) {
    return { ok: false, status: 403, reason: 'the token carries no role known to this service' };
  }
  if (known.length > 1) {
    return {
      ok: false,
      status: 403,
      reason: `the token carries more than one role (${known.join(', ')}); exactly one is needed`,
    };
  }
  const role = known[0]!;
  if (role === 'partner' && claims.partner_id === undefined) {
    return { ok: false, status: 403, reason: 'a partner token must carry partner_id' };
  }
  return {
    ok: true,
    principal: {
      staffId: claims.sub,
      role,
      organisationId: claims.organisation_id,
      ...(claims.team_id === undefined ? {} : { teamId: claims.team_id }),
      ...(claims.partner_id === undefined ? {} : { partnerId: claims.partner_id }),
    },
  };
}

/** The inverse of principalFromClaims, for tokens this service issues itself (development). */
export function claimsForPrincipal(principal: Principal): Record<string, string> {
  return {
    role: principal.role,
    organisation_id: principal.organisationId,
    ...(principal.teamId === undefined ? {} : { team_id: principal.teamId }),
    ...(principal.partnerId === undefined ? {} : { partner_id: principal.partnerId }),
  };
}

/** The caller of a route mounted behind `authenticate`; a route outside it is a wiring bug. */
export function currentUser(req: Request): Principal {
  if (req.user === undefined) throw new Error(`currentUser: ${req.method} ${req.path} is not behind authenticate`);
  return req.user;
}
