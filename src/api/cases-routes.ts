import { Router } from 'express';
import { z } from 'zod';
import { findCase, waitForCase } from '../cases/case-repository';
import { IdempotencyKeyReusedError, openCase, UnknownOrganisationError } from '../cases/open-case';
import { disclosureSchema } from '../domain/disclosure';
import type { ApiDependencies } from './app';
import { HttpProblem } from './problem';
import { parseOrThrow } from './validate';

const idempotencyHeaderSchema = z.object({
  'Idempotency-Key': z
    .string({ error: 'the Idempotency-Key header is required, so that a retried disclosure never opens a second case' })
    .regex(/^[A-Za-z0-9._:-]{8,200}$/, 'the Idempotency-Key must be 8–200 letters, digits or . _ : -'),
});
const caseIdSchema = z.object({ caseId: z.uuid('the case id must be a UUID') });

export function casesRouter(deps: ApiDependencies): Router {
  const router = Router();

  router.post('/cases', async (req, res) => {
    const { 'Idempotency-Key': idempotencyKey } = parseOrThrow(
      idempotencyHeaderSchema,
      { 'Idempotency-Key': req.get('Idempotency-Key') },
      'header',
    );
    const disclosure = parseOrThrow(disclosureSchema, req.body, 'body');
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

  router.get('/cases/:caseId', async (req, res) => {
    const { caseId } = parseOrThrow(caseIdSchema, req.params, 'path');
    const found = await findCase(deps.pool, caseId);
    if (!found) throw new HttpProblem({ status: 404, title: 'Case not found', detail: `no case ${caseId}` });
    res.json(found);
  });

  return router;
}
