import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../platform/auth';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import { requireRole } from '../platform/http/require-role';
import { mountRoute, workflowResultSchema, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import type { ApiDependencies } from '../platform/http/dependencies';
import { reportingPackKindSchema } from '../policy/profile';
import { packToCsv } from './csv';
import { findPack, listPacks } from './repository';
import { caseDate } from '../platform/dates';

/** As the compliance report: those who report on the service, in the caller's own organisation. */
const readsPacks = requireRole('auditor', 'manager', 'da_lead', 'head_of_service');

const packListQuery = z
  .strictObject({
    kind: z.enum(reportingPackKindSchema.options, { error: 'kind must be monthly, quarterly or annual' }).optional(),
    from: caseDate.optional(),
    to: caseDate.optional(),
    ...pageQuery,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'to must not be before from',
  });
const packParams = z.strictObject({ packId: z.uuid('packId must be a pack id (a UUID)') });
const packQuery = z.strictObject({
  format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
});

const packSummarySchema = z.object({
  packId: z.uuid(),
  organisationId: z.string(),
  policyProfile: z.string(),
  kind: reportingPackKindSchema,
  period: z.object({ label: z.string(), from: z.iso.date(), to: z.iso.date() }),
  smallCountThreshold: z.int(),
  generatedAt: z.iso.datetime(),
});

export const REPORTING_ROUTES = {
  list: {
    method: 'get',
    path: '/reports/packs',
    tag: 'Audit',
    operationId: 'listReportingPacks',
    summary: 'The reporting packs produced for the caller’s organisation',
    description:
      'Packs are produced by a schedule per organisation and period its profile names (reportingPacks.periods: Kent monthly and quarterly, Stonewater annual), each for the previous complete month, quarter or calendar year in the UK. Newest period first; kind, from (period starts on or after) and to (period ends on or before) filter.',
    access: readsPacks,
    query: packListQuery,
    responses: [
      {
        status: 200,
        description: 'the packs (what each covers; download one for its figures)',
        schema: z.object({ items: z.array(packSummarySchema), total: z.int(), limit: z.int(), offset: z.int() }),
      },
    ],
    problems: [400, 401, 403, 503],
    logs: 'none', // counts of cases, no case's content
  },
  download: {
    method: 'get',
    path: '/reports/packs/:packId',
    tag: 'Audit',
    operationId: 'downloadReportingPack',
    summary: 'Download one reporting pack, as JSON or CSV',
    description:
      'Case volumes (opened, closed, open at start and end; by risk, channel, reporter and area), repeat victimisation, safeguarding and perpetrator figures, time to first contact, and the compliance report’s counts for the period. Every count from 1 to the profile’s reportingPacks.smallCountThreshold − 1 is shown as "<threshold" (with a second count of a breakdown hidden where one alone could be worked out), so no survivor can be identified. format=csv for a spreadsheet (one figure per line). Another organisation’s pack is not found.',
    access: readsPacks,
    params: packParams,
    query: packQuery,
    responses: [{ status: 200, description: 'the pack (JSON, or CSV with format=csv)', schema: workflowResultSchema }],
    problems: [400, 401, 403, 404, 503],
    logs: 'none', // counts of cases, already suppressed
  },
} as const satisfies Record<string, RouteSpec>;

export function reportingRouter(deps: Pick<ApiDependencies, 'pool'>): Router {
  const router = Router();

  mountRoute(router, REPORTING_ROUTES.list, async (req, res) => {
    const { kind, from, to, limit, offset } = parseOrThrow(packListQuery, req.query, 'query');
    res.json(await listPacks(deps.pool, currentUser(req).organisationId, { kind, from, to }, { limit, offset }));
  });

  mountRoute(router, REPORTING_ROUTES.download, async (req, res) => {
    const { packId } = parseOrThrow(packParams, req.params, 'path');
    const { format } = parseOrThrow(packQuery, req.query, 'query');
    const pack = await findPack(deps.pool, currentUser(req).organisationId, packId.toLowerCase());
    if (!pack)
      throw new HttpProblem({
        type: 'not-found',
        title: 'Pack not found',
        detail: 'no pack of your organisation has this id',
      });
    if (format === 'csv')
      res
        .type('text/csv')
        .attachment(`${pack.organisationId}-${pack.kind}-${pack.period.label}.csv`)
        .send(packToCsv(pack));
    else res.json(pack);
  });
  return router;
}
