import { Router } from 'express';
import { z } from 'zod';
import { acknowledgeAlert, listInbox, type InboxAlert } from './inbox';
import type { ApiDependencies } from '../platform/http/dependencies';
import { currentUser } from '../platform/auth';
import { requireRole } from '../platform/http/require-role';
import { CASE_ACTORS, CASE_READERS } from '../staff/need-to-know';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import { mountRoute, withBodyProblems, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';

/** The alert inbox also serves the repairs manager, to whom repairs breaches escalate. */
export const readsAlerts = requireRole(...CASE_READERS, 'repairs_manager');
const acknowledgesAlerts = requireRole(...CASE_ACTORS, 'repairs_manager');

const inboxQuerySchema = z.strictObject(pageQuery);
const alertIdSchema = z.object({ alertId: z.uuid('the alert id must be a UUID') });

/** What an acknowledgement means, said with every one: the ladder stops only when the task is done. */
const ACKNOWLEDGEMENT_NOTE =
  'Acknowledged: you have seen this alert. This does not complete the task; the case still needs it done, and escalation continues until it is.';

const inboxAlertSchema = z
  .object({
    alertId: z.uuid(),
    caseId: z.uuid(),
    kind: z.string(),
    task: z.string(),
    deadlineId: z.string().nullable(),
    rung: z.string().nullable(),
    recipientRole: z.string(),
    recipientTitle: z.string(),
    recipientStaffIds: z.array(z.string()),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    raisedAt: z.iso.datetime({ offset: true }),
    acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
    acknowledgedBy: z.string().nullable(),
    routingNote: z
      .string()
      .nullable()
      .describe(
        'how the recipients were found when it was not simply the rung’s holders: a cover standing in for someone absent, the next rung when nobody was present, nobody on call, or that the alert reached nobody',
      ),
  })
  .meta({ id: 'InboxAlert' }) satisfies z.ZodType<InboxAlert>;

/** The routes below, as data: mounted from these and documented from them (src/platform/http/openapi.ts). */
export const ALERTS_ROUTES = {
  inbox: {
    method: 'get',
    path: '/alerts',
    tag: 'Alerts',
    operationId: 'listAlerts',
    summary: 'The caller’s alert inbox',
    description:
      'The alerts of the caller’s organisation for the caller’s role and name, unacknowledged first; an auditor reads all of them.',
    access: readsAlerts,
    query: inboxQuerySchema,
    responses: [
      {
        status: 200,
        description: 'one page of alerts',
        schema: z.object({ items: z.array(inboxAlertSchema), total: z.int(), limit: z.int(), offset: z.int() }),
      },
    ],
    problems: [400, 401, 403, 503],
    logs: 'none', // alerts carry ids, tasks and times, no case's content
  },
  acknowledge: {
    method: 'post',
    path: '/alerts/:alertId/acknowledgement',
    tag: 'Alerts',
    operationId: 'acknowledgeAlert',
    summary: 'Acknowledge an alert',
    description:
      'Records that the caller has seen the alert, once (a second acknowledgement answers 409). It does not complete the task: escalation goes on until the task is done.',
    access: acknowledgesAlerts,
    params: alertIdSchema,
    responses: [
      {
        status: 200,
        description: 'the acknowledged alert',
        schema: inboxAlertSchema.extend({ taskCompleted: z.literal(false), note: z.string() }),
      },
    ],
    problems: withBodyProblems([400, 401, 403, 404, 409, 503]),
    logs: { auditLog: { action: 'alert.acknowledged' } },
  },
} as const satisfies Record<string, RouteSpec>;

/** The alert inbox (DESIGN §4): the caller's organisation's alerts for the caller's role. */
export function alertsRouter(deps: ApiDependencies): Router {
  const router = Router();

  mountRoute(router, ALERTS_ROUTES.inbox, async (req, res) => {
    const page = parseOrThrow(inboxQuerySchema, req.query, 'query');
    res.json(await listInbox(deps.pool, currentUser(req), page));
  });

  mountRoute(router, ALERTS_ROUTES.acknowledge, async (req, res) => {
    const { alertId } = parseOrThrow(alertIdSchema, req.params, 'path');
    const result = await acknowledgeAlert(deps.pool, currentUser(req), alertId);
    if (result.outcome === 'not_found') {
      throw new HttpProblem({
        type: 'not-found',
        title: 'Alert not found',
        detail: `no alert ${alertId} in your inbox`,
      });
    }
    const { acknowledgedAt, acknowledgedBy } = result.alert;
    if (result.outcome === 'already_acknowledged') {
      throw new HttpProblem({
        type: 'already-acknowledged',
        detail: `this alert was already acknowledged at ${acknowledgedAt} by ${acknowledgedBy}`,
      });
    }
    res.json({ ...result.alert, taskCompleted: false, note: ACKNOWLEDGEMENT_NOTE });
  });

  return router;
}
