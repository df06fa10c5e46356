import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Disclosure } from './disclosure';
import type { PolicyRegistry } from '../policy/registry';
import { organisationPolicyProfileId } from '../directory/repository';
import { caseOfficerKey, caseStatusKey, organisationKey, riskLevelKey } from '../platform/temporal/search-attributes';
import { caseWorkflow } from '../workflows';
import { flagsOnOpening } from '../flags/flag';
import { raiseFlag } from '../flags/repository';
import { caseWorkflowId } from './state';
import { requestFingerprint } from './request-fingerprint';
import { linkCase } from './repository';

export class IdempotencyKeyReusedError extends Error {
  constructor(usedFor = 'a different disclosure') {
    super(`this Idempotency-Key was already used for ${usedFor}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class UnknownOrganisationError extends Error {
  constructor(organisationId: string) {
    super(
      `no policy profile for organisation "${organisationId}" (an admin names it with PUT /organisations/${organisationId})`,
    );
    this.name = 'UnknownOrganisationError';
  }
}

export interface OpenedCase {
  caseId: string;
  workflowId: string;
  /** false when the Idempotency-Key had already opened this case */
  created: boolean;
}

/**
 * Opens a case exactly once per (organisation, Idempotency-Key): the key is claimed in PostgreSQL,
 * and the workflow is started with USE_EXISTING, so a retry after a crash between the two steps
 * starts the same workflow and never a second one. Once it is started, the survivor and the
 * perpetrator are flagged (Kent 004 §5.5), once whatever the retries: a flag is one per content.
 */
export async function openCase(
  deps: { pool: Pool; client: Client; taskQueue: string; profiles: PolicyRegistry },
  disclosure: Disclosure,
  idempotencyKey: string,
  receivedAt: Date,
  openedBy: string,
): Promise<OpenedCase> {
  // The directory's organisation names its profile; a shipped profile's own id needs no directory row.
  // The profile as it stands now goes into the workflow's input: the case keeps it whatever changes later.
  const profileId =
    (await organisationPolicyProfileId(deps.pool, disclosure.organisationId)) ?? disclosure.organisationId;
  const profile = deps.profiles.get(profileId);
  if (!profile) throw new UnknownOrganisationError(disclosure.organisationId);
  const fingerprint = requestFingerprint(disclosure);
  const claimed = await deps.pool.query<{ case_id: string }>(
    `INSERT INTO disclosure_requests (organisation_id, idempotency_key, request_fingerprint, case_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING case_id`,
    [disclosure.organisationId, idempotencyKey, fingerprint, randomUUID()],
  );
  let caseId = claimed.rows[0]?.case_id;
  const created = caseId !== undefined;
  if (!caseId) {
    const existing = await deps.pool.query<{ case_id: string; request_fingerprint: string }>(
      'SELECT case_id, request_fingerprint FROM disclosure_requests WHERE organisation_id = $1 AND idempotency_key = $2',
      [disclosure.organisationId, idempotencyKey],
    );
    const row = existing.rows[0]!;
    if (row.request_fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    caseId = row.case_id;
  }

  const workflowId = caseWorkflowId(caseId);
  await deps.client.workflow.start(caseWorkflow, {
    workflowId,
    taskQueue: deps.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [
      {
        caseId,
        openedAt: (disclosure.disclosedAt ? new Date(disclosure.disclosedAt) : receivedAt).toISOString(),
        disclosure,
        profile,
      },
    ],
    typedSearchAttributes: [
      { key: caseStatusKey, value: 'open' },
      { key: riskLevelKey, value: 'unassessed' },
      { key: caseOfficerKey, value: disclosure.caseOfficerId },
      { key: organisationKey, value: disclosure.organisationId },
    ],
  });
  if (disclosure.linkedToCaseId)
    await linkCase(deps.pool, {
      caseId,
      linkedToCaseId: disclosure.linkedToCaseId,
      organisationId: disclosure.organisationId,
      linkedBy: openedBy,
    });
  for (const flag of flagsOnOpening(disclosure))
    await raiseFlag(deps.pool, { organisationId: disclosure.organisationId, caseId, raisedBy: openedBy }, flag);
  return { caseId, workflowId, created };
}
