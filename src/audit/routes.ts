import type { DataConverter } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../platform/auth';
import { requireRole } from '../platform/http/require-role';
import { buildComplianceReport, complianceReportParamsSchema } from './report';
import { toCsv } from './csv';
import {
  CaseHistoryNotFoundError,
  decodeCaseHistory,
  exportCaseHistory,
  replayCaseHistory,
  type HistorySource,
} from './history';
import type { TimelineEntry } from '../platform/workflow/timeline-entry';
import { replayBundler } from './replay';
import { loadCaseTimeline } from './timeline-source';
import { createArchiveReader } from '../archive/store';
import type { ApiDependencies } from '../platform/http/dependencies';
import { caseReadRoute, readsCases, visibleCase } from '../case/access';
import { HttpProblem } from '../platform/http/problem';
import {
  CASE_READ_PROBLEMS,
  mountRoute,
  WORKFLOW_PROBLEMS,
  workflowResultSchema,
  type RouteSpec,
} from '../platform/http/route-spec';
import { callWorkflow, onWorkflowService } from '../case/temporal-errors';
import { parseOrThrow } from '../platform/http/validate';
import { caseDate } from '../platform/dates';

/** Raw histories are for those who audit: they hold every detail of a case. */
const readsHistories = requireRole('auditor', 'da_lead');
const readsReports = requireRole('auditor', 'manager', 'da_lead', 'head_of_service');

const historyQuery = z.strictObject({
  decoded: z.enum(['true', 'false'], { error: 'decoded must be true or false' }).default('false'),
});
const reportQuery = z.strictObject({
  from: caseDate,
  to: caseDate,
  format: z.enum(['json', 'csv']).default('json'),
});

const timelineEntrySchema = z
  .object({
    at: z.string().describe('an ISO 8601 instant'),
    actor: z.string().optional().describe('the staff id that acted, or the outside party; absent for the system'),
    what: z.string(),
    detail: z.string(),
    code: z.string().describe('a stable code for filtering, e.g. case.disclosure, deadline.escalated'),
    workflowId: z.string().describe('the workflow that recorded it: the case’s or a child’s'),
  })
  .meta({ id: 'TimelineEntry' }) satisfies z.ZodType<TimelineEntry>;

const caseTimelineSchema = z
  .object({
    caseId: z.uuid(),
    source: z
      .enum(['temporal', 'archive'] as const satisfies readonly HistorySource[])
      .describe('where it was read: Temporal, or the archive once Temporal no longer holds the runs'),
    entries: z.array(timelineEntrySchema),
  })
  .meta({ id: 'CaseTimeline' });

export const AUDIT_ROUTES = {
  timeline: caseReadRoute({
    path: '/cases/:caseId/timeline',
    tag: 'Audit',
    operationId: 'readCaseTimeline',
    summary: 'Read a case as a timeline',
    description:
      'Who did what and when: each action, each deadline with its rule and whether it was met, each escalation, each release of information with its basis; child workflows included.',
    access: readsCases,
    answer: 'the timeline, oldest first',
    schema: caseTimelineSchema,
    problems: WORKFLOW_PROBLEMS,
    resource: 'case.timeline',
  }),
  history: caseReadRoute({
    path: '/cases/:caseId/history',
    tag: 'Audit',
    operationId: 'exportCaseHistory',
    summary: 'Export a case’s whole workflow history',
    description: 'Every run of the case and of each child. Payloads stay encrypted unless decoded=true.',
    access: readsHistories,
    query: historyQuery,
    answer: 'the export (format da-case-history/v1)',
    schema: workflowResultSchema,
    problems: CASE_READ_PROBLEMS,
    resource: (req) => (req.query.decoded === 'true' ? 'case.history.decoded' : 'case.history'),
  }),
  replay: caseReadRoute({
    path: '/cases/:caseId/replay',
    tag: 'Audit',
    operationId: 'replayCaseHistories',
    summary: 'Replay a case’s histories against the current workflow code',
    description: 'One outcome per run: deterministic, or the first divergence explained.',
    access: readsHistories,
    answer: 'the replay outcomes',
    schema: workflowResultSchema,
    problems: CASE_READ_PROBLEMS,
    resource: 'case.history',
  }),
  compliance: {
    method: 'get',
    path: '/reports/compliance',
    tag: 'Audit',
    operationId: 'complianceReport',
    summary: 'Compliance report for a period, for the caller’s organisation',
    description:
      'On-time rates per timescale, escalations by rung, MARAC referrals and repeats, repairs within 24 hours, rehousing outcomes, sharing without consent by lawful basis; and the case figures (cases): volumes opened, closed and open at the start and end of the period, by risk, channel, reporter and area; repeat victimisation; safeguarding and perpetrator figures; time to first contact. Unsuppressed, for the organisation’s own staff (the reporting packs under /reports/packs are suppressed). format=csv for a spreadsheet.',
    access: readsReports,
    query: reportQuery,
    responses: [
      { status: 200, description: 'the report (JSON, or CSV with format=csv)', schema: workflowResultSchema },
    ],
    problems: [400, 401, 403, 503],
    logs: 'none', // counts, no case's content
  },
} as const satisfies Record<string, RouteSpec>;

export function auditRouter(deps: ApiDependencies & { historyConverter: DataConverter }): Router {
  const router = Router();
  const workflowBundle = replayBundler(deps.logger);
  // Temporal's retention removes a closed run; the archive keeps it (src/archive).
  const archive = createArchiveReader(deps.pool);

  const exportOf = async (caseId: string) => {
    try {
      return await onWorkflowService(() => exportCaseHistory(deps.client, caseId, { archive }), { changes: false });
    } catch (error) {
      if (error instanceof CaseHistoryNotFoundError)
        throw new HttpProblem({
          type: 'not-found',
          title: 'Case not found',
          detail: 'the case has no workflow history',
        });
      throw error;
    }
  };

  mountRoute(router, AUDIT_ROUTES.timeline, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { timeline, source } = await callWorkflow(deps, found.workflowId, () =>
      loadCaseTimeline(deps.client, found.caseId, { archive, dataConverter: deps.historyConverter }),
    );
    res.json({ caseId: found.caseId, source, entries: timeline });
  });

  mountRoute(router, AUDIT_ROUTES.history, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { decoded } = parseOrThrow(historyQuery, req.query, 'query');
    const exported = await exportOf(found.caseId);
    res.json(decoded === 'true' ? await decodeCaseHistory(exported, deps.historyConverter) : exported);
  });

  mountRoute(router, AUDIT_ROUTES.replay, async (req, res) => {
    const found = await visibleCase(deps, req);
    const exported = await exportOf(found.caseId);
    const outcomes = await replayCaseHistory(exported, {
      dataConverter: deps.historyConverter,
      workflowBundle: await workflowBundle(),
    });
    res.json({ caseId: found.caseId, deterministic: outcomes.every((outcome) => outcome.deterministic), outcomes });
  });

  mountRoute(router, AUDIT_ROUTES.compliance, async (req, res) => {
    const { from, to, format } = parseOrThrow(reportQuery, req.query, 'query');
    const params = parseOrThrow(
      complianceReportParamsSchema,
      { from, to, organisationId: currentUser(req).organisationId },
      'query',
    );
    const report = await buildComplianceReport(deps.pool, params);
    if (format === 'csv') res.type('text/csv').send(toCsv(report));
    else res.json(report);
  });
  return router;
}
