import { Router } from 'express';
import { z } from 'zod';
import { ORGANISATION_STAFF as STAFF } from '../platform/auth/roles';
import { HttpProblem } from '../platform/http/problem';
import { requireRole } from '../platform/http/require-role';
import { mountRoute, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import { policyProfileSchema } from './profile';
import type { PolicyRegistry } from './registry';

/** Any member of staff may see why a deadline is what it is; partners answer their callbacks only. */
const readsProfiles = requireRole(STAFF[0]!, ...STAFF.slice(1));

const profileParamsSchema = z.object({
  profileId: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a profile id is lower-case words joined by hyphens'),
});

const profileViewSchema = policyProfileSchema.meta({
  id: 'PolicyProfile',
  description:
    'An organisation’s policy profile at its current version: every value, and in `provenance` (keyed by the value’s dotted path) whether the organisation’s policy states it, with the document and the words quoted, or the platform default filled a silence.',
});

/** The routes below, as data: mounted from these and documented from them (src/platform/http/openapi.ts). */
export const POLICY_ROUTES = {
  list: {
    method: 'get',
    path: '/profiles',
    tag: 'Policy profiles',
    operationId: 'listPolicyProfiles',
    summary: 'The policy profiles new cases open under',
    description:
      'Every profile loaded at start (shipped, and the deployment’s POLICY_PROFILES_DIR), by id, at the version new cases take; a running case keeps the version it opened with (GET /cases/{caseId}/state shows it).',
    access: readsProfiles,
    responses: [{ status: 200, description: 'the profiles', schema: z.object({ items: z.array(profileViewSchema) }) }],
    problems: [401, 403],
    logs: 'none', // an organisation's policy, no case's content
  },
  read: {
    method: 'get',
    path: '/profiles/:profileId',
    tag: 'Policy profiles',
    operationId: 'readPolicyProfile',
    summary: 'One policy profile, with the provenance of each value',
    description: 'The profile with this id (an organisation’s id) at the version new cases take.',
    access: readsProfiles,
    params: profileParamsSchema,
    responses: [{ status: 200, description: 'the profile', schema: profileViewSchema }],
    problems: [400, 401, 403, 404],
    logs: 'none', // an organisation's policy, no case's content
  },
} as const satisfies Record<string, RouteSpec>;

export function policyRouter(deps: { profiles: PolicyRegistry }): Router {
  const router = Router();

  mountRoute(router, POLICY_ROUTES.list, (_req, res) => {
    res.json({ items: deps.profiles.list() });
  });

  mountRoute(router, POLICY_ROUTES.read, (req, res) => {
    const { profileId } = parseOrThrow(profileParamsSchema, req.params, 'path');
    const profile = deps.profiles.get(profileId);
    if (!profile)
      throw new HttpProblem({ type: 'not-found', title: 'Profile not found', detail: 'no policy profile has this id' });
    res.json(profile);
  });

  return router;
}
