import { Router } from 'express';
import { z } from 'zod';
import { acknowledgeAlert, listInbox } from '../alerts/alert-inbox';
import { currentUser } from '../auth';
import type { ApiDependencies } from './app';
import { actsOnCases, readsCases } from './case-access';
import { pageQuery } from './pagination';
import { HttpProblem } from './problem';
import { parseOrThrow } from './validate';

const inboxQuerySchema = z.strictObject(pageQuery);
const alertIdSchema = z.object({ alertId: z.uuid('the alert id must be a UUID') });

/** What an acknowledgement means, said with every one: the ladder stops only when the task is done. */
const ACKNOWLEDGEMENT_NOTE =
  'Acknowledged: you have seen this alert. This does not complete the task; the case still needs it done, and escalation continues until it is.';

/** The alert inbox (DESIGN §4): the caller's organisation's alerts for the caller's role. */
export function alertsRouter(deps: ApiDependencies): Router {
  const router = Router();

  router.get('/alerts', readsCases, async (req, res) => {
    const page = parseOrThrow(inboxQuerySchema, req.query, 'query');
    res.json(await listInbox(deps.pool, currentUser(req), page));
  });

  router.post('/alerts/:alertId/acknowledgement', actsOnCases, async (req, res) => {
    const { alertId } = parseOrThrow(alertIdSchema, req.params, 'path');
    const result = await acknowledgeAlert(deps.pool, currentUser(req), alertId);
    if (result.outcome === 'not_found') {
      throw new HttpProblem({ status: 404, title: 'Alert not found', detail: `no alert ${alertId} in your inbox` });
    }
    const { acknowledgedAt, acknowledgedBy } = result.alert;
    if (result.outcome === 'already_acknowledged') {
      throw new HttpProblem({
        status: 409,
        title: 'Already acknowledged',
        detail: `this alert was already acknowledged at ${acknowledgedAt} by ${acknowledgedBy}`,
      });
    }
    res.json({ ...result.alert, taskCompleted: false, note: ACKNOWLEDGEMENT_NOTE });
  });

  return router;
}
