import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth';
import { listCases, waitForCase } from '../cases/case-repository';
import { IdempotencyKeyReusedError, openCase, UnknownOrganisationError } from '../cases/open-case';
import { disclosureSchema } from '../domain/disclosure';
import { riskLevelSchema } from '../domain/risk';
import type { CaseStatus } from '../workflows/case/state';
import { getCaseQuery } from '../workflows/case/messages';
import type { ApiDependencies } from './app';
import { actsOnCases, caseListScope, mayOpenCaseFor, readsCases, visibleCase } from './case-access';
import { pageQuery } from './pagination';
import { HttpProblem } from './problem';
import { onCaseWorkflow } from './temporal-errors';
import { parseOrThrow } from './validate';

const idempotencyHeaderSchema = z.object({
  'Idempotency-Key': z
    .string({ error: 'the Idempotency-Key header is required, so that a retried disclosure never opens a second case' })
    .regex(/^[A-Za-z0-9._:-]{8,200}$/, 'the Idempotency-Key must be 8–200 letters, digits or . _ : -'),
});

const caseListQuerySchema = z.strictObject({
  status: z.enum(['open', 'closed'] as const satisfies readonly CaseStatus[]).optional(),
  riskLevel: z.enum(['unassessed', ...riskLevelSchema.options]).optional(),
  caseOfficerId: z.string().trim().min(1).max(100).optional(),
  breached: z.enum(['true', 'false'], { error: 'breached must be true or false' }).transform((value) => value === 'true').optional(),
  ...pageQuery,
});

export function casesRouter(deps: ApiDependencies): Router {
  const router = Router();

  router.post('/cases', actsOnCases, async (req, res) => {
    const { 'Idempotency-Key': idempotencyKey } = parseOrThrow(
      idempotencyHeaderSchema,
      { 'Idempotency-Key': req.get('Idempotency-Key') },
      'header',
    );
    const disclosure = parseOrThrow(disclosureSchema, req.body, 'body');
    if (!mayOpenCaseFor(currentUser(req), disclosure.organisationId)) {
      throw new HttpProblem({
        status: 403,
        title: 'Forbidden',
        detail: 'a disclosure is recorded only by staff of the organisation it is made to',
        errors: [{ field: 'body.organisationId', message: 'is not your organisation' }],
      });
    }
    let opened;
    try {
      opened = await openCase(deps, disclosure, idempotencyKey, new Date());
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        throw new HttpProblem({ status: 422, title: 'Idempotency-Key reused', detail: error.message });
      }
      if (error instanceof UnknownOrganisationError) {
        throw new HttpProblem({ status: 422, title: 'Unknown organisation', detail: error.message, errors: [{ field: 'body.organisationId', message: error.message }] });
      }
      throw error;
    }
    const recorded = await waitForCase(deps.pool, opened.caseId, deps.readYourWriteTimeoutMs);
    res.location(`/cases/${opened.caseId}`);
    if (!recorded) {
      // The workflow exists but no worker has recorded it yet: accepted, and it will be.
      res.status(202).json({ caseId: opened.caseId, status: 'opening' });
      return;
    }
    res.status(opened.created ? 201 : 200).json(recorded);
  });

  router.get('/cases', readsCases, async (req, res) => {
    const { limit, offset, ...filter } = parseOrThrow(caseListQuerySchema, req.query, 'query');
    res.json(await listCases(deps.pool, caseListScope(currentUser(req)), filter, { limit, offset }));
  });

  router.get('/cases/:caseId', readsCases, async (req, res) => {
    res.json(await visibleCase(deps.pool, req));
  });

  /** The live state from the workflow itself: deadlines, alerts, sharing, closure. */
  router.get('/cases/:caseId/state', readsCases, async (req, res) => {
    const { workflowId } = await visibleCase(deps.pool, req);
    res.json(await onCaseWorkflow(deps, workflowId, (handle) => handle.query(getCaseQuery)));
  });

  return router;
}
